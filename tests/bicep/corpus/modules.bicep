// Modules: local paths, loops, conditions, scopes, registry and template-spec references.
param regions array = [
  'westeurope'
  'northeurope'
]
param withExtra bool = false

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    prefix: 'app'
  }
}

module perRegion 'modules/network.bicep' = [for (region, i) in regions: {
  name: 'net-${region}'
  params: {
    prefix: 'r${i}'
  }
}]

module extra './modules/network.bicep' = if (withExtra) {
  name: 'extra'
  params: {
    prefix: 'extra'
  }
}

module elsewhere 'modules/network.bicep' = {
  name: 'elsewhere'
  scope: resourceGroup('other')
  params: {
    prefix: 'other'
  }
}

module fromRegistry 'br:contoso.azurecr.io/bicep/modules/vnet:1.0.0' = {
  name: 'fromRegistry'
  params: {}
}

module fromPublic 'br/public:avm/res/network/virtual-network:0.5.0' = {
  name: 'fromPublic'
  params: {
    name: 'vnet'
    addressPrefixes: ['10.0.0.0/16']
  }
}

module fromSpec 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {
  name: 'fromSpec'
}

module fromSpecAlias 'ts/CoreSpecs:vnet:1.0' = {
  name: 'fromSpecAlias'
}

output subnetId string = network.outputs.subnetId
output regionIds array = [for i in range(0, length(regions)): perRegion[i].outputs.subnetId]
output unknownOutput string = fromPublic.outputs.resourceId
