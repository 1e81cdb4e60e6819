"""Step 1 of the method, computed: cubes, estimates, disclosure control, observations."""
