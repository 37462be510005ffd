// Resources: existing, nested children, parent:, loops (index, filtered, nested), conditions, scope.
param location string = 'westeurope'
param deployLb bool = true
param subnetNames array = [
  'apps'
  'data'
]

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [for (subnet, i) in subnetNames: {
      name: subnet
      properties: {
        addressPrefix: '10.0.${i}.0/24'
      }
    }]
  }

  resource apps 'subnets' existing = {
    name: 'apps'
  }

  resource data 'subnets' existing = {
    name: 'data'
  }
}

resource shared 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'hub'
  scope: resourceGroup('network')
}

resource lb 'Microsoft.Network/loadBalancers@2024-05-01' = if (deployLb) {
  name: 'lb'
  location: location
  sku: {
    name: 'Standard'
  }
  properties: {
    backendAddressPools: [
      {
        name: 'pool'
      }
    ]
  }
}

resource ips 'Microsoft.Network/publicIPAddresses@2024-05-01' = [for i in range(0, 3): if (i != 1) {
  name: 'ip-${i}'
  location: location
}]

@batchSize(2)
resource sets 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = [for (name, i) in ['a', 'b']: {
  name: 'vmss-${name}'
  location: location
  sku: {
    name: 'Standard_D2s_v5'
    capacity: i + 1
  }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    virtualMachineProfile: {
      networkProfile: {
        networkApiVersion: '2020-11-01'
        networkInterfaceConfigurations: [
          {
            name: 'nic'
            properties: {
              primary: true
              ipConfigurations: [
                {
                  name: 'ip'
                  properties: {
                    subnet: {
                      id: vnet::apps.id
                    }
                    loadBalancerBackendAddressPools: [
                      {
                        id: '${lb.id}/backendAddressPools/pool'
                      }
                    ]
                  }
                }
              ]
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    vnet
  ]
}]

resource extension 'Microsoft.Compute/virtualMachineScaleSets/extensions@2024-07-01' = {
  parent: sets[0]
  name: 'health'
  properties: {
    publisher: 'Microsoft.ManagedServices'
    type: 'ApplicationHealthLinux'
    typeHandlerVersion: '1.0'
  }
}

output firstSetId string = sets[0].id
output lbPool string = lb.properties.backendAddressPools[0].name
output subnetId string = vnet::data.id
output sharedId string = shared.id
