// Placeholder entry point; the simulator is built under its own issue.
return 0;
