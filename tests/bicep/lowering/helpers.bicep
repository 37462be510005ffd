@export()
var tier = 'Standard'

@export()
func label(kind string, index int) string => '${kind}-${index}-${tier}'
