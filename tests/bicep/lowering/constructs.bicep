// Constructs the lowering must express: imports, module outputs in a loop, parent:, children of a
// looped parent, filtered loops, spreads, safe access, operators, lambdas, user functions, `?:` values.
import { label, tier } from 'helpers.bicep'
import * as helpers from './helpers.bicep'

param regions array = [
  'westeurope'
  'northeurope'
]
param zonal bool = true
param settings object = {
  capacity: 3
}

var base = {
  tier: tier
  extra: 'x'
}
var merged = {
  ...base
  capacity: settings.?capacity ?? 1
}

func zoneList(enabled bool) array => enabled ? ['1', '2', '3'] : []

module nets 'modules/net.bicep' = [for (region, i) in regions: {
  name: 'net-${i}'
  params: {
    prefix: region
  }
}]

resource vnets 'Microsoft.Network/virtualNetworks@2024-05-01' = [for (region, i) in regions: {
  name: 'parent-${i}'
  location: region
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.${i}.0.0/16'
      ]
    }
  }

  resource child 'subnets' = {
    name: 'inner'
    properties: {
      addressPrefix: '10.${i}.1.0/24'
    }
  }
}]

resource extra 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {
  parent: vnets[1]
  name: 'extra'
  properties: {
    addressPrefix: '10.1.2.0/24'
  }
}

resource sets 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = [for (region, i) in regions: if (region =~ 'WESTEUROPE' || i > 5) {
  name: label('vmss', i)
  location: region
  zones: zoneList(zonal)
  sku: {
    name: 'Standard_D2s_v5'
    capacity: merged.capacity
    tier: helpers.tier
  }
  properties: {
    orchestrationMode: zonal ? 'Flexible' : 'Uniform'
    platformFaultDomainCount: 1
    singlePlacementGroup: !zonal && length(regions) < 2
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
                  name: 'ipc'
                  properties: {
                    subnet: {
                      id: nets[i].outputs.subnetId
                    }
                    loadBalancerBackendAddressPools: map(filter(range(0, 3), n => n % 2 == 0), n => { id: '${vnets[i].id}/pool-${n}' })
                  }
                }
              ]
            }
          }
        ]
      }
    }
    additionalCapabilities: zonal ? {
      ultraSSDEnabled: false
    } : null
  }
}]

resource lookup 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'hub'
  scope: resourceGroup('network')
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'diag'
  scope: vnets[0]
  properties: {
    workspaceId: lookup.id
    logs: [for category in ['a', 'b']: {
      category: category
      enabled: category != 'b'
    }]
    storage: nets[1].outputs.name
  }
}
