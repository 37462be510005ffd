"""What vmss-lint knows about Azure resources, shared by the rules: scale sets (mode, zones, fault
domains, placement groups, sizes, priority), their extensions and health sources, networking (load
balancers, subnets, routes), VM sizes, and the Compute apiVersions. Pure functions over the resource
model: a value that cannot be known gives `Unknown`, never a guess."""
