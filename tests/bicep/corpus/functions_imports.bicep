// User-defined functions, imports (named and wildcard), exports, assertions, extensions.
import { prefix, buildName as makeName, settings } from 'shared.bicep'
import * as common from './shared.bicep'
import { exportedType } from './shared.bicep'

extension microsoftGraphV1

func double(value int) int => value * 2
func greet(name string, punctuation string) string => 'hello ${name}${punctuation}'
func noParams() string => 'constant'

param count int = 2

var fromFunction = double(count)
var fromGreeting = greet('web', '!')
var fromImport = '${prefix}-${makeName('x')}'
var fromWildcard = common.buildName('y')
var wildcardVar = common.prefix
var constant = noParams()

assert positive = count > 0
assert named = length(fromGreeting) > 3
