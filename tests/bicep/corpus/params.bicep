// Parameters: every decorator and type form, target scope and metadata.
targetScope = 'resourceGroup'

metadata description = 'Parameters and their decorators'
metadata owner = {
  team: 'compute'
}

@description('Where the scale set goes')
param location string = resourceGroup().location

@allowed([
  'Flexible'
  'Uniform'
])
param orchestrationMode string = 'Flexible'

@minValue(0)
@maxValue(1000)
param capacity int = 2

@minLength(3)
@maxLength(15)
param prefix string = 'web'

@secure()
param adminPassword string

@sys.description('namespaced decorator')
param zonal bool = false

param zones array = zonal ? [
  '1'
  '2'
  '3'
] : []

param settings object = {
  tier: 'Standard'
  'quoted-key': true
}

param nullableName string?
param mode 'Flexible' | 'Uniform' = 'Uniform'
param sizes string[] = ['Standard_D2s_v5']
param tuple [string, int] = ['a', 1]
param inline {
  name: string
  count: int?
} = {
  name: 'x'
  count: null
}

@metadata({
  example: 'x'
})
param withMetadata string = 'y'
