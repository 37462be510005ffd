using none

import { prefix } from 'shared.bicep'

param name = '${prefix}-shared'
