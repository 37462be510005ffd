// A module with outputs read by its caller.
param prefix string
param count int = 2

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${prefix}-vnet'
  location: 'westeurope'
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [for i in range(0, count): {
      name: 'subnet-${i}'
      properties: {
        addressPrefix: '10.0.${i}.0/24'
      }
    }]
  }
}

output subnetId string = vnet.properties.subnets[0].id
output name string = vnet.name
