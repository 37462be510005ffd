@export()
var prefix = 'shared'

@export()
var settings = {
  tier: 'Standard'
}

@export()
func buildName(suffix string) string => '${prefix}-${suffix}'

@export()
type exportedType = {
  name: string
}
