using 'constructs.bicep'

var suffix = 'x'
param regions = [
  'westeurope'
  'north${suffix}'
]
param zonal = false
