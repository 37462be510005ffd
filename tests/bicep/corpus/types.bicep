// User-defined types: arrays, unions, object types with optional and decorated members, tuples,
// resource-derived types, discriminated unions, sealed objects, additional properties.
type names = string[]
type mode = 'Flexible' | 'Uniform'
type maybeInt = int?
type pair = [string, int]

@description('A scale set shape')
@sealed()
type shape = {
  @description('The SKU name')
  @minLength(1)
  sku: string
  capacity: int?
  zones?: string[]
  'quoted-key'?: bool
  mode: mode
}

type bag = {
  *: string
}

@export()
type exported = {
  name: string
}

@discriminator('kind')
type animal = { kind: 'cat', lives: int } | { kind: 'dog', good: bool }

type vmssProperties = resourceInput<'Microsoft.Compute/virtualMachineScaleSets@2024-07-01'>.properties
type vmssOutput = resourceOutput<'Microsoft.Compute/virtualMachineScaleSets@2024-07-01'>
type negative = -1 | 0 | 1
type nested = {
  inner: {
    value: string
  }[]
}

param config shape = {
  sku: 'Standard_D2s_v5'
  capacity: 2
  mode: 'Flexible'
}
param pet animal = {
  kind: 'cat'
  lives: 9
}
var typed string = 'typed variable'
output shapeOut shape = config
