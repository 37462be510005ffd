// The template the .bicepparam file below belongs to.
param name string
param capacity int = 1
param tags object = {}

resource web 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = {
  name: name
  location: 'westeurope'
  tags: tags
  sku: {
    name: 'Standard_D2s_v5'
    capacity: capacity
  }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
  }
}
