// Variables, strings, operators with their precedence, ternaries, null handling, spread, lambdas.
param name string = 'web'
param count int = 3
param tags object = {
  env: 'prod'
}

var greeting = 'hello ${name}, ${count} times'
var nested = 'outer ${toUpper('inner ${name}')} done'
var escaped = 'it\'s \\ a \$ {not interpolated} \u{41}'
var multiLine = '''
first line
  ${not interpolated}
'''
var precedence = 1 + 2 * 3 - 4 % 3
var comparison = count >= 2 && count < 10 || !true
var equality = name == 'web' ? 'yes' : 'no'
var caseInsensitive = name =~ 'WEB' && name !~ 'other'
var multiLineTernary = count > 2
  ? 'many'
  : 'few'
var nestedTernary = count == 1 ? 'one' : count == 2 ? 'two' : 'more'
var coalesced = tags.?missing ?? 'fallback'
var safeIndex = [1, 2][?5] ?? 0
var nonNull = tags!.env
var negative = -count
var parenthesized = (1 + 2) * 3
var spreadObject = {
  ...tags
  team: 'compute'
}
var spreadArray = [
  0
  ...[1, 2]
]
var singleLineObject = { a: 1, b: 2 }
var singleLineArray = [1, 2, 3]
var mapped = map(range(0, count), i => 'vm${i}')
var filtered = filter([1, 2, 3, 4], n => n % 2 == 0)
var reduced = reduce([1, 2, 3], 0, (sum, n) => sum + n)
var sorted = sort([3, 1, 2], (a, b) => a < b)
var asObject = toObject(['a', 'b'], k => k, v => length(v))
var grouped = groupBy(['ab', 'ac', 'b'], s => substring(s, 0, 1))
var noArgs = map([1], () => 'x')
var indexed = map(['x', 'y'], (item, i) => '${i}:${item}')
var namespaced = sys.concat('a', 'b')
var azNamespaced = az.resourceGroup().name
var loopVar = [for (item, i) in ['a', 'b']: {
  name: item
  index: i
}]
var filteredLoop = [for i in range(0, 5): if (i > 2) i]
var filteredLoopNoSpace = [for i in range(0, 5): if(i > 2) i]
var nestedLoop = [for i in range(0, 2): [for j in range(0, 2): i * 10 + j]]
var objectLoop = [for entry in items(tags): entry.key]
var multiLineCall = union(
  tags,
  {
    extra: true
  }
)
var propertyAccess = tags.env
var indexAccess = tags['env']
var chained = split('a.b.c', '.')[1]
var anyValue = any('x')
