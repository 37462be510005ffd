using 'main.bicep'

var base = 'web'

param name = '${base}-prod'
param capacity = 1 + 2
param tags = {
  env: readEnvironmentVariable('ENVIRONMENT', 'dev')
  owner: 'compute'
}
