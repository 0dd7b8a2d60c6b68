import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7163:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const debug = __nccwpck_require__(1159)
const { MAX_LENGTH, MAX_SAFE_INTEGER } = __nccwpck_require__(45101)
const { safeRe: re, t } = __nccwpck_require__(95471)

const parseOptions = __nccwpck_require__(70356)
const { compareIdentifiers } = __nccwpck_require__(73348)

const isPrereleaseIdentifier = (prerelease, identifier) => {
  const identifiers = identifier.split('.')
  if (identifiers.length > prerelease.length) {
    return false
  }

  for (let i = 0; i < identifiers.length; i++) {
    if (compareIdentifiers(prerelease[i], identifiers[i]) !== 0) {
      return false
    }
  }

  return true
}

class SemVer {
  constructor (version, options) {
    options = parseOptions(options)

    if (version instanceof SemVer) {
      if (version.loose === !!options.loose &&
        version.includePrerelease === !!options.includePrerelease) {
        return version
      } else {
        version = version.version
      }
    } else if (typeof version !== 'string') {
      throw new TypeError(`Invalid version. Must be a string. Got type "${typeof version}".`)
    }

    if (version.length > MAX_LENGTH) {
      throw new TypeError(
        `version is longer than ${MAX_LENGTH} characters`
      )
    }

    debug('SemVer', version, options)
    this.options = options
    this.loose = !!options.loose
    // this isn't actually relevant for versions, but keep it so that we
    // don't run into trouble passing this.options around.
    this.includePrerelease = !!options.includePrerelease

    const m = version.trim().match(options.loose ? re[t.LOOSE] : re[t.FULL])

    if (!m) {
      throw new TypeError(`Invalid Version: ${version}`)
    }

    this.raw = version

    // these are actually numbers
    this.major = +m[1]
    this.minor = +m[2]
    this.patch = +m[3]

    if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
      throw new TypeError('Invalid major version')
    }

    if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
      throw new TypeError('Invalid minor version')
    }

    if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
      throw new TypeError('Invalid patch version')
    }

    // numberify any prerelease numeric ids
    if (!m[4]) {
      this.prerelease = []
    } else {
      this.prerelease = m[4].split('.').map((id) => {
        if (/^[0-9]+$/.test(id)) {
          const num = +id
          if (num >= 0 && num < MAX_SAFE_INTEGER) {
            return num
          }
        }
        return id
      })
    }

    this.build = m[5] ? m[5].split('.') : []
    this.format()
  }

  format () {
    this.version = `${this.major}.${this.minor}.${this.patch}`
    if (this.prerelease.length) {
      this.version += `-${this.prerelease.join('.')}`
    }
    return this.version
  }

  toString () {
    return this.version
  }

  compare (other) {
    debug('SemVer.compare', this.version, this.options, other)
    if (!(other instanceof SemVer)) {
      if (typeof other === 'string' && other === this.version) {
        return 0
      }
      other = new SemVer(other, this.options)
    }

    if (other.version === this.version) {
      return 0
    }

    return this.compareMain(other) || this.comparePre(other)
  }

  compareMain (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    if (this.major < other.major) {
      return -1
    }
    if (this.major > other.major) {
      return 1
    }
    if (this.minor < other.minor) {
      return -1
    }
    if (this.minor > other.minor) {
      return 1
    }
    if (this.patch < other.patch) {
      return -1
    }
    if (this.patch > other.patch) {
      return 1
    }
    return 0
  }

  comparePre (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    // NOT having a prerelease is > having one
    if (this.prerelease.length && !other.prerelease.length) {
      return -1
    } else if (!this.prerelease.length && other.prerelease.length) {
      return 1
    } else if (!this.prerelease.length && !other.prerelease.length) {
      return 0
    }

    let i = 0
    do {
      const a = this.prerelease[i]
      const b = other.prerelease[i]
      debug('prerelease compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  compareBuild (other) {
    if (!(other instanceof SemVer)) {
      other = new SemVer(other, this.options)
    }

    let i = 0
    do {
      const a = this.build[i]
      const b = other.build[i]
      debug('build compare', i, a, b)
      if (a === undefined && b === undefined) {
        return 0
      } else if (b === undefined) {
        return 1
      } else if (a === undefined) {
        return -1
      } else if (a === b) {
        continue
      } else {
        return compareIdentifiers(a, b)
      }
    } while (++i)
  }

  // preminor will bump the version up to the next minor release, and immediately
  // down to pre-release. premajor and prepatch work the same way.
  inc (release, identifier, identifierBase) {
    if (release.startsWith('pre')) {
      if (!identifier && identifierBase === false) {
        throw new Error('invalid increment argument: identifier is empty')
      }
      // Avoid an invalid semver results
      if (identifier) {
        const match = `-${identifier}`.match(this.options.loose ? re[t.PRERELEASELOOSE] : re[t.PRERELEASE])
        if (!match || match[1] !== identifier) {
          throw new Error(`invalid identifier: ${identifier}`)
        }
      }
    }

    switch (release) {
      case 'premajor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor = 0
        this.major++
        this.inc('pre', identifier, identifierBase)
        break
      case 'preminor':
        this.prerelease.length = 0
        this.patch = 0
        this.minor++
        this.inc('pre', identifier, identifierBase)
        break
      case 'prepatch':
        // If this is already a prerelease, it will bump to the next version
        // drop any prereleases that might already exist, since they are not
        // relevant at this point.
        this.prerelease.length = 0
        this.inc('patch', identifier, identifierBase)
        this.inc('pre', identifier, identifierBase)
        break
      // If the input is a non-prerelease version, this acts the same as
      // prepatch.
      case 'prerelease':
        if (this.prerelease.length === 0) {
          this.inc('patch', identifier, identifierBase)
        }
        this.inc('pre', identifier, identifierBase)
        break
      case 'release':
        if (this.prerelease.length === 0) {
          throw new Error(`version ${this.raw} is not a prerelease`)
        }
        this.prerelease.length = 0
        break

      case 'major':
        // If this is a pre-major version, bump up to the same major version.
        // Otherwise increment major.
        // 1.0.0-5 bumps to 1.0.0
        // 1.1.0 bumps to 2.0.0
        if (
          this.minor !== 0 ||
          this.patch !== 0 ||
          this.prerelease.length === 0
        ) {
          this.major++
        }
        this.minor = 0
        this.patch = 0
        this.prerelease = []
        break
      case 'minor':
        // If this is a pre-minor version, bump up to the same minor version.
        // Otherwise increment minor.
        // 1.2.0-5 bumps to 1.2.0
        // 1.2.1 bumps to 1.3.0
        if (this.patch !== 0 || this.prerelease.length === 0) {
          this.minor++
        }
        this.patch = 0
        this.prerelease = []
        break
      case 'patch':
        // If this is not a pre-release version, it will increment the patch.
        // If it is a pre-release it will bump up to the same patch version.
        // 1.2.0-5 patches to 1.2.0
        // 1.2.0 patches to 1.2.1
        if (this.prerelease.length === 0) {
          this.patch++
        }
        this.prerelease = []
        break
      // This probably shouldn't be used publicly.
      // 1.0.0 'pre' would become 1.0.0-0 which is the wrong direction.
      case 'pre': {
        const base = Number(identifierBase) ? 1 : 0

        if (this.prerelease.length === 0) {
          this.prerelease = [base]
        } else {
          let i = this.prerelease.length
          while (--i >= 0) {
            if (typeof this.prerelease[i] === 'number') {
              this.prerelease[i]++
              i = -2
            }
          }
          if (i === -1) {
            // didn't increment anything
            if (identifier === this.prerelease.join('.') && identifierBase === false) {
              throw new Error('invalid increment argument: identifier already exists')
            }
            this.prerelease.push(base)
          }
        }
        if (identifier) {
          // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
          // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
          let prerelease = [identifier, base]
          if (identifierBase === false) {
            prerelease = [identifier]
          }
          if (isPrereleaseIdentifier(this.prerelease, identifier)) {
            const prereleaseBase = this.prerelease[identifier.split('.').length]
            if (isNaN(prereleaseBase)) {
              this.prerelease = prerelease
            }
          } else {
            this.prerelease = prerelease
          }
        }
        break
      }
      default:
        throw new Error(`invalid increment argument: ${release}`)
    }
    this.raw = this.format()
    if (this.build.length) {
      this.raw += `+${this.build.join('.')}`
    }
    return this
  }
}

module.exports = SemVer


/***/ }),

/***/ 78469:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const compare = (a, b, loose) =>
  new SemVer(a, loose).compare(new SemVer(b, loose))

module.exports = compare


/***/ }),

/***/ 16353:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const SemVer = __nccwpck_require__(7163)
const parse = (version, options, throwErrors = false) => {
  if (version instanceof SemVer) {
    return version
  }
  try {
    return new SemVer(version, options)
  } catch (er) {
    if (!throwErrors) {
      return null
    }
    throw er
  }
}

module.exports = parse


/***/ }),

/***/ 45101:
/***/ ((module) => {



// Note: this is the semver.org version of the spec that it implements
// Not necessarily the package version of this code.
const SEMVER_SPEC_VERSION = '2.0.0'

const MAX_LENGTH = 256
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
/* istanbul ignore next */ 9007199254740991

// Max safe segment length for coercion.
const MAX_SAFE_COMPONENT_LENGTH = 16

// Max safe length for a build identifier. The max length minus 6 characters for
// the shortest version with a build 0.0.0+BUILD.
const MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6

// ECMAScript whitespace and line terminators matched by \s.
const WHITESPACE_CHARACTERS = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
]

const RELEASE_TYPES = [
  'major',
  'premajor',
  'minor',
  'preminor',
  'patch',
  'prepatch',
  'prerelease',
]

module.exports = {
  MAX_LENGTH,
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_SAFE_INTEGER,
  WHITESPACE_CHARACTERS,
  RELEASE_TYPES,
  SEMVER_SPEC_VERSION,
  FLAG_INCLUDE_PRERELEASE: 0b001,
  FLAG_LOOSE: 0b010,
}


/***/ }),

/***/ 1159:
/***/ ((module) => {



const debug = (
  typeof process === 'object' &&
  process.env &&
  process.env.NODE_DEBUG &&
  /\bsemver\b/i.test(process.env.NODE_DEBUG)
) ? (...args) => console.error('SEMVER', ...args)
  : () => {}

module.exports = debug


/***/ }),

/***/ 73348:
/***/ ((module) => {



const numeric = /^[0-9]+$/
const compareIdentifiers = (a, b) => {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b ? 0 : a < b ? -1 : 1
  }

  const anum = numeric.test(a)
  const bnum = numeric.test(b)

  if (anum && bnum) {
    a = +a
    b = +b
  }

  return a === b ? 0
    : (anum && !bnum) ? -1
    : (bnum && !anum) ? 1
    : a < b ? -1
    : 1
}

const rcompareIdentifiers = (a, b) => compareIdentifiers(b, a)

module.exports = {
  compareIdentifiers,
  rcompareIdentifiers,
}


/***/ }),

/***/ 70356:
/***/ ((module) => {



// parse out just the options we care about
const looseOption = Object.freeze({ loose: true })
const emptyOpts = Object.freeze({ })
const parseOptions = options => {
  if (!options) {
    return emptyOpts
  }

  if (typeof options !== 'object') {
    return looseOption
  }

  return options
}
module.exports = parseOptions


/***/ }),

/***/ 95471:
/***/ ((module, exports, __nccwpck_require__) => {



const {
  MAX_SAFE_COMPONENT_LENGTH,
  MAX_SAFE_BUILD_LENGTH,
  MAX_LENGTH,
} = __nccwpck_require__(45101)
const debug = __nccwpck_require__(1159)
exports = module.exports = {}

// The actual regexps go on exports.re
const re = exports.re = []
const safeRe = exports.safeRe = []
const src = exports.src = []
const safeSrc = exports.safeSrc = []
const t = exports.t = {}
let R = 0

const LETTERDASHNUMBER = '[a-zA-Z0-9-]'

// Replace some greedy regex tokens to prevent regex dos issues. These regex are
// used internally via the safeRe object since all inputs in this library get
// normalized first to trim and collapse all extra whitespace. The original
// regexes are exported for userland consumption and lower level usage. A
// future breaking change could export the safer regex only with a note that
// all input should have extra whitespace removed.
const safeRegexReplacements = [
  ['\\s', 1],
  ['\\d', MAX_LENGTH],
  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
]

const makeSafeRegex = (value) => {
  for (const [token, max] of safeRegexReplacements) {
    value = value
      .split(`${token}*`).join(`${token}{0,${max}}`)
      .split(`${token}+`).join(`${token}{1,${max}}`)
  }
  return value
}

const createToken = (name, value, isGlobal) => {
  const safe = makeSafeRegex(value)
  const index = R++
  debug(name, index, value)
  t[name] = index
  src[index] = value
  safeSrc[index] = safe
  re[index] = new RegExp(value, isGlobal ? 'g' : undefined)
  safeRe[index] = new RegExp(safe, isGlobal ? 'g' : undefined)
}

// The following Regular Expressions can be used for tokenizing,
// validating, and parsing SemVer version strings.

// ## Numeric Identifier
// A single `0`, or a non-zero digit followed by zero or more digits.

createToken('NUMERICIDENTIFIER', '0|[1-9]\\d*')
createToken('NUMERICIDENTIFIERLOOSE', '\\d+')

// ## Non-numeric Identifier
// Zero or more digits, followed by a letter or hyphen, and then zero or
// more letters, digits, or hyphens.

createToken('NONNUMERICIDENTIFIER', `\\d*[a-zA-Z-]${LETTERDASHNUMBER}*`)

// ## Main Version
// Three dot-separated numeric identifiers.

createToken('MAINVERSION', `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})\\.` +
                   `(${src[t.NUMERICIDENTIFIER]})`)

createToken('MAINVERSIONLOOSE', `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})\\.` +
                        `(${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version Identifier
// A numeric identifier, or a non-numeric identifier.
// Non-numeric identifiers include numeric identifiers but can be longer.
// Therefore non-numeric identifiers must go first.

createToken('PRERELEASEIDENTIFIER', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIER]})`)

createToken('PRERELEASEIDENTIFIERLOOSE', `(?:${src[t.NONNUMERICIDENTIFIER]
}|${src[t.NUMERICIDENTIFIERLOOSE]})`)

// ## Pre-release Version
// Hyphen, followed by one or more dot-separated pre-release version
// identifiers.

createToken('PRERELEASE', `(?:-(${src[t.PRERELEASEIDENTIFIER]
}(?:\\.${src[t.PRERELEASEIDENTIFIER]})*))`)

createToken('PRERELEASELOOSE', `(?:-?(${src[t.PRERELEASEIDENTIFIERLOOSE]
}(?:\\.${src[t.PRERELEASEIDENTIFIERLOOSE]})*))`)

// ## Build Metadata Identifier
// Any combination of digits, letters, or hyphens.

createToken('BUILDIDENTIFIER', `${LETTERDASHNUMBER}+`)

// ## Build Metadata
// Plus sign, followed by one or more period-separated build metadata
// identifiers.

createToken('BUILD', `(?:\\+(${src[t.BUILDIDENTIFIER]
}(?:\\.${src[t.BUILDIDENTIFIER]})*))`)

// ## Full Version String
// A main version, followed optionally by a pre-release version and
// build metadata.

// Note that the only major, minor, patch, and pre-release sections of
// the version string are capturing groups.  The build metadata is not a
// capturing group, because it should not ever be used in version
// comparison.

createToken('FULLPLAIN', `v?${src[t.MAINVERSION]
}${src[t.PRERELEASE]}?${
  src[t.BUILD]}?`)

createToken('FULL', `^${src[t.FULLPLAIN]}$`)

// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
// common in the npm registry.
createToken('LOOSEPLAIN', `[v=\\s]*${src[t.MAINVERSIONLOOSE]
}${src[t.PRERELEASELOOSE]}?${
  src[t.BUILD]}?`)

createToken('LOOSE', `^${src[t.LOOSEPLAIN]}$`)

createToken('GTLT', '((?:<|>)?=?)')

// Something like "2.*" or "1.2.x".
// Note that "x.x" is a valid xRange identifier, meaning "any version"
// Only the first item is strictly required.
createToken('XRANGEIDENTIFIERLOOSE', `${src[t.NUMERICIDENTIFIERLOOSE]}|x|X|\\*`)
createToken('XRANGEIDENTIFIER', `${src[t.NUMERICIDENTIFIER]}|x|X|\\*`)

createToken('XRANGEPLAIN', `[v=\\s]*(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:\\.(${src[t.XRANGEIDENTIFIER]})` +
                   `(?:${src[t.PRERELEASE]})?${
                     src[t.BUILD]}?` +
                   `)?)?`)

createToken('XRANGEPLAINLOOSE', `[v=\\s]*(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:\\.(${src[t.XRANGEIDENTIFIERLOOSE]})` +
                        `(?:${src[t.PRERELEASELOOSE]})?${
                          src[t.BUILD]}?` +
                        `)?)?`)

createToken('XRANGE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAIN]}$`)
createToken('XRANGELOOSE', `^${src[t.GTLT]}\\s*${src[t.XRANGEPLAINLOOSE]}$`)

// Coercion.
// Extract anything that could conceivably be a part of a valid semver
createToken('COERCEPLAIN', `${'(^|[^\\d])' +
              '(\\d{1,'}${MAX_SAFE_COMPONENT_LENGTH}})` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?` +
              `(?:\\.(\\d{1,${MAX_SAFE_COMPONENT_LENGTH}}))?`)
createToken('COERCE', `${src[t.COERCEPLAIN]}(?:$|[^\\d])`)
createToken('COERCEFULL', src[t.COERCEPLAIN] +
              `(?:${src[t.PRERELEASE]})?` +
              `(?:${src[t.BUILD]})?` +
              `(?:$|[^\\d])`)
createToken('COERCERTL', src[t.COERCE], true)
createToken('COERCERTLFULL', src[t.COERCEFULL], true)

// Tilde ranges.
// Meaning is "reasonably at or greater than"
createToken('LONETILDE', '(?:~>?)')

createToken('TILDETRIM', `(\\s*)${src[t.LONETILDE]}\\s+`, true)
exports.tildeTrimReplace = '$1~'

createToken('TILDE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAIN]}$`)
createToken('TILDELOOSE', `^${src[t.LONETILDE]}${src[t.XRANGEPLAINLOOSE]}$`)

// Caret ranges.
// Meaning is "at least and backwards compatible with"
createToken('LONECARET', '(?:\\^)')

createToken('CARETTRIM', `(\\s*)${src[t.LONECARET]}\\s+`, true)
exports.caretTrimReplace = '$1^'

createToken('CARET', `^${src[t.LONECARET]}${src[t.XRANGEPLAIN]}$`)
createToken('CARETLOOSE', `^${src[t.LONECARET]}${src[t.XRANGEPLAINLOOSE]}$`)

// A simple gt/lt/eq thing, or just "" to indicate "any version"
createToken('COMPARATORLOOSE', `^${src[t.GTLT]}\\s*(${src[t.LOOSEPLAIN]})$|^$`)
createToken('COMPARATOR', `^${src[t.GTLT]}\\s*(${src[t.FULLPLAIN]})$|^$`)

// An expression to strip any whitespace between the gtlt and the thing
// it modifies, so that `> 1.2.3` ==> `>1.2.3`
createToken('COMPARATORTRIM', `(\\s*)${src[t.GTLT]
}\\s*(${src[t.LOOSEPLAIN]}|${src[t.XRANGEPLAIN]})`, true)
exports.comparatorTrimReplace = '$1$2$3'

// Something like `1.2.3 - 1.2.4`
// Note that these all use the loose form, because they'll be
// checked against either the strict or loose comparator form
// later.
createToken('HYPHENRANGE', `^\\s*(${src[t.XRANGEPLAIN]})` +
                   `\\s+-\\s+` +
                   `(${src[t.XRANGEPLAIN]})` +
                   `\\s*$`)

createToken('HYPHENRANGELOOSE', `^\\s*(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s+-\\s+` +
                        `(${src[t.XRANGEPLAINLOOSE]})` +
                        `\\s*$`)

// Star ranges basically just allow anything at all.
createToken('STAR', '(<|>)?=?\\s*\\*')
// >=0.0.0 is like a star
createToken('GTE0', '^\\s*>=\\s*0\\.0\\.0\\s*$')
createToken('GTE0PRE', '^\\s*>=\\s*0\\.0\\.0-0\\s*$')


/***/ }),

/***/ 16586:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ settleBounded),
/* harmony export */   y: () => (/* binding */ mapBounded)
/* harmony export */ });
/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the output. */
async function mapBounded(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return out;
}
/**
 * Runs at most `limit` tasks at once; once one fails no further task starts, and those already started
 * are waited for. Returns the failures in the order they happened.
 */
async function settleBounded(tasks, limit) {
    const failures = [];
    let next = 0;
    const worker = async () => {
        while (failures.length === 0 && next < tasks.length) {
            try {
                await tasks[next++]();
            }
            catch (reason) {
                failures.push(reason);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    return failures;
}


/***/ }),

/***/ 39993:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ historyIndexByLayer)
/* harmony export */ });
/**
 * Maps each layer index to its history entry. Run images bring `empty_layer: true` entries, so the
 * n-th history entry is not the n-th layer; a history shorter than the layers maps what it can.
 */
function historyIndexByLayer(history, layerCount) {
    const out = new Array(layerCount).fill(undefined);
    if (!history)
        return out;
    let layer = 0;
    history.forEach((entry, i) => {
        if (entry.empty_layer === true)
            return;
        if (layer < layerCount)
            out[layer] = i;
        layer++;
    });
    // A history that does not account for exactly one entry per layer cannot be trusted index by index.
    return layer === layerCount ? out : out.map(() => undefined);
}


/***/ }),

/***/ 92556:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F8: () => (/* binding */ parseLifecycleMetadata),
/* harmony export */   FC: () => (/* binding */ sbomRef),
/* harmony export */   Mc: () => (/* binding */ isRebasable),
/* harmony export */   PC: () => (/* binding */ labelsOf),
/* harmony export */   Ri: () => (/* binding */ parseBuildMetadata),
/* harmony export */   Ut: () => (/* binding */ BUILD_METADATA_LABEL),
/* harmony export */   YE: () => (/* binding */ APPLIED_PATCHES_LABEL),
/* harmony export */   Yx: () => (/* binding */ LIFECYCLE_METADATA_LABEL),
/* harmony export */   rL: () => (/* binding */ legacyBomOf),
/* harmony export */   vi: () => (/* binding */ findLayer)
/* harmony export */ });
/* unused harmony export REBASABLE_KEY */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3048);



/** Label keys written by lifecycle, and ours. */
const LIFECYCLE_METADATA_LABEL = 'io.buildpacks.lifecycle.metadata';
const BUILD_METADATA_LABEL = 'io.buildpacks.build.metadata';
const APPLIED_PATCHES_LABEL = 'io.github.layer-rebase.applied';
const REBASABLE_KEY = 'io.buildpacks.rebasable';
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function parseShaRef(value, where, key) {
    if (value === undefined || value === null)
        return;
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, key, value, 'expected an object with "sha"');
    if (value.sha !== undefined && value.sha !== '')
        (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(value.sha, where, `${key}.sha`);
}
function labelsOf(config) {
    return config.config?.Labels ?? {};
}
/** Parses the lifecycle label; undefined when the image has none (not a CNB app image). */
function parseLifecycleMetadata(config, image) {
    const text = labelsOf(config)[LIFECYCLE_METADATA_LABEL];
    if (text === undefined)
        return undefined;
    const where = `${image} label ${LIFECYCLE_METADATA_LABEL}`;
    const value = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJsonObject */ .dw)(text, where);
    if (value.buildpacks !== undefined && value.buildpacks !== null) {
        if (!Array.isArray(value.buildpacks))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'buildpacks', value.buildpacks, 'expected an array');
        value.buildpacks.forEach((bp, i) => {
            const key = `buildpacks[${i}]`;
            if (!isObject(bp))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, key, bp, 'expected an object');
            if (typeof bp.key !== 'string')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.key`, bp.key, 'expected the buildpack id');
            if (bp.layers === undefined || bp.layers === null)
                return;
            if (!isObject(bp.layers))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.layers`, bp.layers, 'expected an object');
            for (const [name, layer] of Object.entries(bp.layers)) {
                if (!isObject(layer))
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.layers.${name}`, layer, 'expected an object');
                (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(layer.sha, where, `${key}.layers.${name}.sha`);
            }
        });
    }
    for (const key of ['launcher', 'sbom', 'bom', 'config', 'process-types'])
        parseShaRef(value[key], where, key);
    if (isObject(value.runImage) && value.runImage.topLayer !== undefined && value.runImage.topLayer !== '') {
        (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(value.runImage.topLayer, where, 'runImage.topLayer');
    }
    return value;
}
function parseBuildMetadata(config, image) {
    const text = labelsOf(config)[BUILD_METADATA_LABEL];
    if (text === undefined)
        return undefined;
    return (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJsonObject */ .dw)(text, `${image} label ${BUILD_METADATA_LABEL}`);
}
/** The SBOM layer's record, under its current or its older name. */
function sbomRef(metadata) {
    if (metadata.sbom?.sha)
        return { key: 'sbom', sha: metadata.sbom.sha };
    if (metadata.bom?.sha)
        return { key: 'bom', sha: metadata.bom.sha };
    return undefined;
}
function findLayer(metadata, buildpack, layer) {
    const bp = metadata.buildpacks?.find((b) => b.key === buildpack);
    const l = bp?.layers?.[layer];
    return bp && l ? { buildpack: bp, layer: l } : undefined;
}
/** Whether the buildpack marked the layer as safe to swap (the RFC review's opt-in). */
function isRebasable(layer) {
    const data = layer.data;
    if (!isObject(data))
        return false;
    if (data[REBASABLE_KEY] === true)
        return true;
    // Also accept the nested spelling io: { buildpacks: { rebasable: true } }.
    const io = data.io;
    return isObject(io) && isObject(io.buildpacks) && io.buildpacks.rebasable === true;
}
/** The legacy BOM entries (`io.buildpacks.build.metadata` `bom`) that a buildpack contributed. */
function legacyBomOf(build, buildpack) {
    if (!Array.isArray(build?.bom))
        return [];
    return build.bom.filter((e) => isObject(e) && isObject(e.buildpack) && e.buildpack.id === buildpack);
}


/***/ }),

/***/ 24028:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dc: () => (/* binding */ layersRoot),
/* harmony export */   jn: () => (/* binding */ rewriteSbomTar),
/* harmony export */   v: () => (/* binding */ sbomDir)
/* harmony export */ });
/* unused harmony export escapeBuildpackId */
/* harmony import */ var _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(96880);
/* harmony import */ var _tar_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(91974);


function escapeBuildpackId(id) {
    return id.replace(/\//g, '_');
}
/** The layers root from the image's environment (`CNB_LAYERS_DIR`), `/layers` by default. */
function layersRoot(env) {
    const entry = (env ?? []).find((e) => e.startsWith('CNB_LAYERS_DIR='));
    return entry ? entry.slice('CNB_LAYERS_DIR='.length) || '/layers' : '/layers';
}
/** The normalised directory (no leading or trailing `/`) holding one target's SBOM files. */
function sbomDir(root, target) {
    const base = `${(0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .normaliseTarPath */ .p5)(root)}/sbom/launch`;
    return target.kind === 'launcher'
        ? `${base}/buildpacksio_lifecycle/launcher`
        : `${base}/${escapeBuildpackId(target.buildpack)}/${target.layer}`;
}
const SBOM_FILES = new Set(['sbom.cdx.json', 'sbom.spdx.json', 'sbom.syft.json']);
/** SBOM documents outside the given directories, grouped by their directory; hard links read through. */
function sbomFilesOutside(tar, entries, dirs) {
    const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
    const out = new Map();
    for (const e of entries) {
        const slash = e.path.lastIndexOf('/');
        const dir = e.path.slice(0, Math.max(slash, 0));
        const name = e.path.slice(slash + 1);
        if (!SBOM_FILES.has(name) || dirs.some((d) => dir === d || under(dir, d)))
            continue;
        const file = e.type === 'file' ? e : e.type === 'link' ? files.get((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .normaliseTarPath */ .p5)(e.linkname)) : undefined;
        if (!file)
            continue;
        const docs = out.get(dir) ?? {};
        docs[name] = Buffer.from((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .entryData */ .z0)(tar, file));
        out.set(dir, docs);
    }
    return out;
}
const under = (path, dir) => path.startsWith(`${dir}/`);
function ancestors(path) {
    const parts = path.split('/');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
/** The SBOM documents directly in `dir`, as an extracted image has them: hard links read through to their file. */
function filesDirectlyIn(tar, entries, dir) {
    const out = {};
    const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
    for (const e of entries) {
        if (!under(e.path, dir) || e.path.slice(dir.length + 1).includes('/'))
            continue;
        const file = e.type === 'file' ? e : e.type === 'link' ? files.get((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .normaliseTarPath */ .p5)(e.linkname)) : undefined;
        if (file)
            out[e.path.slice(dir.length + 1)] = Buffer.from((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .entryData */ .z0)(tar, file));
    }
    return out;
}
/**
 * What is copied from a patch image's SBOM layer must extract to exactly what is read: files and
 * directories, and hard links only to a file copied with them (a link to anything else is pushed
 * without its target, and the image no longer unpacks). No symlinks: a linked directory would let
 * later entries write into another buildpack's SBOM directory, and readers would follow them anywhere.
 */
function checkCopied(incoming, where) {
    const copied = new Set(incoming.filter((e) => e.type === 'file').map((e) => e.path));
    for (const e of incoming) {
        if (e.type === 'file' || e.type === 'directory')
            continue;
        if (e.type === 'link' && copied.has((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .normaliseTarPath */ .p5)(e.linkname)))
            continue;
        const what = e.type === 'link'
            ? `a hard link to "${e.linkname}", which is not copied with it`
            : e.type === 'symlink'
                ? `a symlink to "${e.linkname}"`
                : `a ${e.type}`;
        throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${e.rawName}" is ${what}; an SBOM directory holds files only`);
    }
}
/** The app's own entries must still extract once a directory is replaced: no link into it, no symlink above it. */
function checkKept(kept, dir, copied, where) {
    for (const e of kept) {
        if (e.type === 'symlink' && (e.path === dir || dir.startsWith(`${e.path}/`)))
            throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${e.rawName}" is a symlink at or above /${dir}/, where new files would be written through it`);
        const target = (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .normaliseTarPath */ .p5)(e.linkname);
        if (e.type === 'link' && under(target, dir) && !copied.has(target))
            throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${e.rawName}" is a hard link to "${e.linkname}", which the patch removes`);
    }
}
/**
 * Rewrites an uncompressed SBOM tar. Untouched entries keep their raw bytes and order; new entries
 * (the patch image's files, plus parent directories the app lacked) go in at their lexical place,
 * as lifecycle orders them. Pure: the same inputs give the same bytes.
 */
function rewriteSbomTar(appTar, replacements, where) {
    const appEntries = (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .scanTar */ .tZ)(appTar, `${where} SBOM layer`);
    let kept = appEntries.map((e) => ({
        path: e.path,
        bytes: (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .rawBytes */ .Mt)(appTar, e),
        type: e.type,
    }));
    const changes = [];
    let changed = false;
    for (const r of replacements) {
        const removed = kept.filter((k) => under(k.path, r.dir));
        kept = kept.filter((k) => !under(k.path, r.dir));
        const patchEntries = r.patch ? (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .scanTar */ .tZ)(r.patch.tar, `${where} patch SBOM layer`) : [];
        const patchDir = r.patch?.dir ?? r.dir;
        const incoming = patchEntries.filter((e) => under(e.path, patchDir));
        checkCopied(incoming, `${where} patch SBOM layer`);
        checkKept(appEntries.filter((e) => !under(e.path, r.dir)), r.dir, new Set(incoming.map((e) => e.path)), `${where} SBOM layer`);
        const added = [];
        const present = new Set(kept.map((k) => k.path));
        // Parent directories the app's layer does not have yet, from the patch image's layer.
        for (const dirPath of ancestors(`${r.dir}/x`)) {
            if (present.has(dirPath) || incoming.length === 0)
                continue;
            const source = patchEntries.find((e) => e.path === dirPath.replace(r.dir, patchDir) && e.type === 'directory');
            if (source)
                added.push({ path: dirPath, bytes: (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .rawBytes */ .Mt)(r.patch.tar, source), type: 'directory' });
        }
        for (const e of incoming)
            added.push({ path: e.path, bytes: (0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .rawBytes */ .Mt)(r.patch.tar, e), type: e.type });
        for (const item of added) {
            const at = kept.findIndex((k) => k.path > item.path);
            kept.splice(at < 0 ? kept.length : at, 0, item);
        }
        const before = filesDirectlyIn(appTar, appEntries, r.dir);
        const after = r.patch ? filesDirectlyIn(r.patch.tar, patchEntries, patchDir) : {};
        const sameBytes = removed.length === incoming.length &&
            removed.every((k, i) => k.bytes.equals((0,_tar_js__WEBPACK_IMPORTED_MODULE_1__/* .rawBytes */ .Mt)(r.patch.tar, incoming[i])));
        if (!sameBytes)
            changed = true;
        changes.push({
            target: r.target,
            dir: r.dir,
            removed: removed.map((k) => k.path),
            added: incoming.map((e) => e.path),
            before,
            after,
            missingInPatch: incoming.length === 0,
        });
    }
    return {
        tar: Buffer.concat([...kept.map((k) => k.bytes), _tar_js__WEBPACK_IMPORTED_MODULE_1__/* .TAR_TRAILER */ .K8]),
        changes,
        changed,
        kept: sbomFilesOutside(appTar, appEntries, replacements.map((r) => r.dir)),
    };
}


/***/ }),

/***/ 96880:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KE: () => (/* binding */ UnsafeTarError),
/* harmony export */   RF: () => (/* binding */ TarReader),
/* harmony export */   p5: () => (/* binding */ tarSink),
/* harmony export */   sB: () => (/* binding */ readTar)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);


class UnsafeTarError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN {
    reason;
    constructor(where, reason) {
        super('unsafe-tar', `${where}: ${reason}`);
        this.reason = reason;
    }
}
const BLOCK = 512;
/** PAX records and GNU long names larger than this are refused (lifecycle's are a few hundred bytes). */
const MAX_META = 1024 * 1024;
const TYPES = {
    '0': 'file',
    '\0': 'file',
    '1': 'link',
    '2': 'symlink',
    '3': 'char-device',
    '4': 'block-device',
    '5': 'directory',
    '6': 'fifo',
};
/** Types whose size Go ignores (it reads no data for them). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
const utf8 = new TextDecoder('utf-8', { fatal: true });
function cstring(field, fail) {
    const nul = field.indexOf(0);
    const bytes = nul < 0 ? field : field.subarray(0, nul);
    try {
        return utf8.decode(bytes);
    }
    catch {
        return fail('a name that is not valid UTF-8');
    }
}
/** Go's parseNumeric: base-256 when the top bit is set, else octal with spaces and NULs trimmed at both ends. */
function numeric(field, what, fail) {
    if (field[0] & 0x80) {
        if (field[0] === 0xff)
            return fail(`a negative ${what}`);
        let value = field[0] & 0x7f;
        for (let i = 1; i < field.length; i++)
            value = value * 256 + field[i];
        if (!Number.isSafeInteger(value))
            return fail(`a ${what} out of range`);
        return value;
    }
    const text = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        return fail(`an invalid octal ${what} "${text}"`);
    const value = parseInt(text, 8);
    if (!Number.isSafeInteger(value))
        return fail(`a ${what} out of range`);
    return value;
}
/** PAX records `"%d %s=%s\n"`, strictly (Go refuses a malformed one too); duplicate keys refused. */
function paxRecords(data, fail) {
    const records = new Map();
    let i = 0;
    while (i < data.length) {
        const space = data.indexOf(0x20, i);
        const digits = space < 0 ? '' : data.subarray(i, space).toString('latin1');
        if (!/^[1-9][0-9]*$/.test(digits))
            return fail('a malformed PAX record');
        const length = Number(digits);
        if (i + length > data.length || data[i + length - 1] !== 0x0a)
            return fail('a malformed PAX record');
        let record;
        try {
            record = utf8.decode(data.subarray(space + 1, i + length - 1));
        }
        catch {
            return fail('a PAX record that is not valid UTF-8');
        }
        const eq = record.indexOf('=');
        if (eq <= 0)
            return fail('a malformed PAX record');
        const key = record.slice(0, eq);
        if (records.has(key))
            return fail(`a PAX header that sets "${key}" twice`);
        records.set(key, record.slice(eq + 1));
        i += length;
    }
    return records;
}
class TarReader {
    options;
    state = { kind: 'header' };
    pending = Buffer.alloc(0);
    offset = 0;
    entryStart = -1;
    pax;
    longName;
    longLink;
    entries = 0;
    constructor(options) {
        this.options = options;
    }
    fail(why) {
        throw new UnsafeTarError(this.options.where, `${why} at byte ${this.offset}`);
    }
    write(chunk) {
        let data = chunk;
        while (data.length > 0) {
            const state = this.state;
            if (state.kind === 'skip') {
                const n = Math.min(state.left, data.length);
                const keep = state.keep;
                if (keep && keep.want > 0) {
                    const take = Math.min(n, keep.want);
                    keep.chunks.push(Buffer.from(data.subarray(0, take)));
                    keep.want -= take;
                }
                state.left -= n;
                this.offset += n;
                data = data.subarray(n);
                if (state.left === 0) {
                    this.state = { kind: 'header' };
                    if (keep)
                        this.options.onData?.(keep.entry, Buffer.concat(keep.chunks));
                }
                continue;
            }
            if (state.kind === 'done') {
                if (data.some((b) => b !== 0))
                    this.fail('data after the end-of-archive marker');
                this.offset += data.length;
                return;
            }
            if (state.kind === 'meta') {
                const want = state.size - state.got;
                if (want > 0) {
                    const n = Math.min(want, data.length);
                    state.chunks.push(data.subarray(0, n));
                    state.got += n;
                    this.offset += n;
                    data = data.subarray(n);
                    continue;
                }
                const n = Math.min(state.skip, data.length);
                state.skip -= n;
                this.offset += n;
                data = data.subarray(n);
                if (state.skip === 0)
                    this.meta(state.flag, Buffer.concat(state.chunks, state.size));
                continue;
            }
            // A header (or end-of-archive) block, possibly split across chunks.
            if (this.pending.length + data.length < BLOCK) {
                this.pending = Buffer.concat([this.pending, data]);
                return;
            }
            const take = BLOCK - this.pending.length;
            const block = this.pending.length
                ? Buffer.concat([this.pending, data.subarray(0, take)])
                : data.subarray(0, BLOCK);
            data = data.subarray(take);
            this.pending = Buffer.alloc(0);
            this.block(block);
            this.offset += BLOCK;
        }
    }
    /** The archive ended: only at a header boundary (with or without the end marker), as Go accepts. */
    end() {
        const at = this.state.kind;
        if (this.pending.length > 0 || (at !== 'header' && at !== 'zero' && at !== 'done'))
            this.fail('the archive is truncated');
        if (this.entryStart >= 0)
            this.fail('metadata headers without an entry');
    }
    block(block) {
        if (this.state.kind === 'zero') {
            if (block.some((b) => b !== 0))
                this.fail('a lone zero block before more headers');
            this.state = { kind: 'done' };
            return;
        }
        if (block.every((b) => b === 0)) {
            if (this.entryStart >= 0)
                this.fail('metadata headers without an entry');
            this.state = { kind: 'zero' };
            return;
        }
        const fail = (why) => this.fail(why);
        let sum = 0;
        for (let i = 0; i < BLOCK; i++)
            sum += i >= 148 && i < 156 ? 0x20 : block[i];
        if (numeric(block.subarray(148, 156), 'checksum', fail) !== sum)
            this.fail('a corrupt tar header');
        if (this.entryStart < 0)
            this.entryStart = this.offset;
        const flag = String.fromCharCode(block[156]);
        const headerSize = numeric(block.subarray(124, 136), 'size', fail);
        if (flag === 'x' || flag === 'L' || flag === 'K') {
            if (headerSize > MAX_META)
                this.fail(`a ${flag} header of ${headerSize} bytes`);
            const seen = flag === 'x' ? this.pax : flag === 'L' ? this.longName : this.longLink;
            if (seen !== undefined)
                this.fail(`two ${flag} headers for one entry`);
            this.state = {
                kind: 'meta',
                flag,
                size: headerSize,
                chunks: [],
                got: 0,
                skip: Math.ceil(headerSize / BLOCK) * BLOCK - headerSize,
            };
            if (headerSize === 0)
                this.meta(flag, Buffer.alloc(0));
            return;
        }
        if (flag === 'g')
            this.fail('a global PAX header (readers disagree on what it applies to)');
        const type = TYPES[flag];
        const shownName = JSON.stringify(block.subarray(0, 100).toString('latin1').split('\0')[0]);
        if (!type)
            this.fail(`entry ${shownName} has type '${flag.replace(/[^\x20-\x7e]/g, '?')}', which runtimes do not extract alike`);
        const magic = block.subarray(257, 263).toString('latin1');
        const version = block.subarray(263, 265).toString('latin1');
        const ustar = magic === 'ustar\0' && version === '00';
        const gnu = magic === 'ustar ' && version === ' \0';
        if (!ustar && !gnu && magic.startsWith('ustar'))
            this.fail('an unknown tar format');
        let name = cstring(block.subarray(0, 100), fail);
        let linkname = cstring(block.subarray(157, 257), fail);
        if (ustar) {
            // star keeps a 12-byte atime/ctime area after a 131-byte prefix and says so with "tar\0".
            const star = block.subarray(508, 512).toString('latin1') === 'tar\0';
            const prefix = cstring(block.subarray(345, star ? 476 : 500), fail);
            if (prefix)
                name = `${prefix}/${name}`;
        }
        let size = headerSize;
        const pax = this.pax;
        if (pax) {
            for (const key of pax.keys())
                if (key.startsWith('GNU.sparse.'))
                    this.fail('a GNU sparse file');
            const path = pax.get('path');
            const linkpath = pax.get('linkpath');
            if (path === '' || linkpath === '')
                this.fail('an empty PAX path (readers disagree on what it clears)');
            if (path !== undefined && this.longName !== undefined)
                this.fail(`an entry with both a GNU long name "${this.longName}" and a PAX path "${path}" (readers disagree on which wins)`);
            if (linkpath !== undefined && this.longLink !== undefined)
                this.fail(`an entry with both a GNU long link "${this.longLink}" and a PAX linkpath "${linkpath}" (readers disagree on which wins)`);
            if (path !== undefined)
                name = path;
            if (linkpath !== undefined)
                linkname = linkpath;
            const paxSize = pax.get('size');
            if (paxSize !== undefined) {
                if (!/^(0|[1-9][0-9]*)$/.test(paxSize) || !Number.isSafeInteger(Number(paxSize)))
                    this.fail(`an invalid PAX size "${paxSize}"`);
                size = Number(paxSize);
            }
        }
        if (this.longName !== undefined)
            name = this.longName;
        if (this.longLink !== undefined)
            linkname = this.longLink;
        if (name === '')
            this.fail('an entry without a name');
        if (name.endsWith('/') && type !== 'directory')
            this.fail(`"${name}" ends in "/" but is not a directory (readers disagree on what it is)`);
        if (HEADER_ONLY.has(flag) && size !== 0)
            this.fail(`"${name}" is a ${type} with ${size} bytes of data (readers disagree on what follows)`);
        if (this.options.maxEntryBytes !== undefined && size > this.options.maxEntryBytes)
            this.fail(`an entry of ${size} bytes is over the ${this.options.maxEntryBytes} byte limit`);
        if (this.options.maxEntries !== undefined && ++this.entries > this.options.maxEntries)
            this.fail(`more than ${this.options.maxEntries} entries`);
        const dataStart = this.offset + BLOCK;
        const padded = Math.ceil(size / BLOCK) * BLOCK;
        const entry = {
            name,
            type,
            linkname,
            size,
            mode: numeric(block.subarray(100, 108), 'mode', fail),
            start: this.entryStart,
            dataStart,
            end: dataStart + padded,
        };
        const wanted = this.options.onEntry(entry) === true;
        this.entryStart = -1;
        this.pax = undefined;
        this.longName = undefined;
        this.longLink = undefined;
        const keep = wanted ? { entry, chunks: [], want: size } : undefined;
        if (padded > 0)
            this.state = keep ? { kind: 'skip', left: padded, keep } : { kind: 'skip', left: padded };
        else {
            this.state = { kind: 'header' };
            if (keep)
                this.options.onData?.(entry, Buffer.alloc(0));
        }
    }
    meta(flag, data) {
        const fail = (why) => this.fail(why);
        if (flag === 'x')
            this.pax = paxRecords(data, fail);
        else if (flag === 'L')
            this.longName = cstring(data, fail);
        else
            this.longLink = cstring(data, fail);
        this.state = { kind: 'header' };
    }
}
/** Reads a whole in-memory archive; returns its entries. */
function readTar(tar, options) {
    const entries = [];
    const reader = new TarReader({
        ...options,
        onEntry: (e) => {
            entries.push(e);
        },
    });
    reader.write(tar);
    reader.end();
    return entries;
}
/** A stream sink that feeds a reader: a decompressed layer is piped into it, and a refusal ends the pipeline. */
function tarSink(reader) {
    return new node_stream__WEBPACK_IMPORTED_MODULE_0__.Writable({
        write(chunk, _encoding, done) {
            try {
                reader.write(chunk);
                done();
            }
            catch (error) {
                done(error);
            }
        },
        final(done) {
            try {
                reader.end();
                done();
            }
            catch (error) {
                done(error);
            }
        },
    });
}


/***/ }),

/***/ 91974:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K8: () => (/* binding */ TAR_TRAILER),
/* harmony export */   KE: () => (/* reexport safe */ _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__.KE),
/* harmony export */   Mt: () => (/* binding */ rawBytes),
/* harmony export */   Tr: () => (/* binding */ checkEntry),
/* harmony export */   by: () => (/* binding */ DEFAULT_TAR_LIMITS),
/* harmony export */   p5: () => (/* binding */ normaliseTarPath),
/* harmony export */   tZ: () => (/* binding */ scanTar),
/* harmony export */   z0: () => (/* binding */ entryData)
/* harmony export */ });
/* harmony import */ var _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(96880);


const DEFAULT_TAR_LIMITS = { maxEntryBytes: 128 * 1024 * 1024, maxEntries: 100_000 };
const BLOCK = 512;
function normaliseTarPath(name) {
    let p = name.replace(/\\/g, '/');
    while (p.startsWith('./'))
        p = p.slice(2);
    p = p
        .replace(/^\/+/, '')
        .replace(/\/+$/, '')
        .replace(/\/{2,}/g, '/');
    return p;
}
/**
 * Reads every entry of an uncompressed tar as Go's archive/tar does (refusing what readers disagree
 * on), then refuses what has no place in a layer we rewrite.
 */
function scanTar(tar, where, limits = DEFAULT_TAR_LIMITS) {
    const entries = (0,_tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .readTar */ .sB)(tar, { where, ...limits }).map((e) => ({
        path: normaliseTarPath(e.name),
        rawName: e.name,
        type: e.type,
        linkname: e.linkname,
        size: e.size,
        mode: e.mode,
        start: e.start,
        end: e.end,
        dataStart: e.dataStart,
    }));
    for (const entry of entries)
        checkEntry(entry, where);
    return entries;
}
/** `..`, links that leave the archive, devices and FIFOs have no place in a layer we read or rewrite. */
function checkEntry(entry, where, options = {}) {
    const segments = entry.path.split('/');
    if (segments.includes('..'))
        throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${entry.rawName}" escapes the archive root with ".."`);
    if (entry.type === 'char-device' || entry.type === 'block-device' || entry.type === 'fifo') {
        throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${entry.rawName}" is a ${entry.type}`);
    }
    if (entry.type === 'other')
        throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `entry "${entry.rawName}" has an unsupported type`);
    if (entry.type === 'symlink' || entry.type === 'link') {
        const target = entry.linkname;
        if (options.absoluteLinks === false && target.startsWith('/'))
            throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `link "${entry.rawName}" -> "${target}" is absolute`);
        const base = entry.type === 'link' || target.startsWith('/') ? [] : segments.slice(0, -1);
        const resolved = [...base];
        for (const part of target.split('/')) {
            if (part === '' || part === '.')
                continue;
            if (part === '..') {
                if (resolved.length === 0)
                    throw new _tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .UnsafeTarError */ .KE(where, `link "${entry.rawName}" -> "${target}" points outside the archive`);
                resolved.pop();
            }
            else
                resolved.push(part);
        }
    }
}
/** The raw bytes of an entry (headers and padded data). */
function rawBytes(tar, entry) {
    return tar.subarray(entry.start, entry.end);
}
function entryData(tar, entry) {
    return tar.subarray(entry.dataStart, entry.dataStart + entry.size);
}
/** Two zero blocks end every archive. */
const TAR_TRAILER = Buffer.alloc(BLOCK * 2);


/***/ }),

/***/ 86683:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Df: () => (/* binding */ ImageTimeoutError),
/* harmony export */   Ft: () => (/* binding */ checkDeadline),
/* harmony export */   NE: () => (/* binding */ withDeadline),
/* harmony export */   SB: () => (/* binding */ currentDeadline),
/* harmony export */   ZB: () => (/* binding */ withoutDeadline),
/* harmony export */   ZZ: () => (/* binding */ parseTimeout)
/* harmony export */ });
/* unused harmony exports formatDuration, parseDuration */
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);


/**
 * The time limit of the image being worked on (the `timeout` input), carried implicitly so that every
 * registry request made for that image, however deep, is cancelled when it runs out.
 */
class ImageTimeoutError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN {
    ms;
    constructor(ms) {
        super('timeout', `timed out: the image took longer than its time limit of ${formatDuration(ms)} (the timeout input)`);
        this.ms = ms;
    }
}
const current = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
/** Runs `fn` with a time limit; registry requests made inside it are aborted when it runs out. */
async function withDeadline(ms, fn) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new ImageTimeoutError(ms)), Math.max(0, ms));
    timer.unref();
    try {
        return await current.run(controller.signal, fn);
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * Runs `fn` outside any image time limit: the tag move is never cut off half-way by our own
 * deadline (each request still has its own bounds), so a timed-out image cannot half-commit.
 */
function withoutDeadline(fn) {
    return current.run(undefined, fn);
}
function currentDeadline() {
    return current.getStore();
}
/** Throws the image's timeout error if its time limit has run out. */
function checkDeadline() {
    const signal = current.getStore();
    if (signal?.aborted)
        throw signal.reason;
}
function formatDuration(ms) {
    if (ms % 3_600_000 === 0)
        return `${ms / 3_600_000}h`;
    if (ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    return `${Math.round(ms / 100) / 10}s`;
}
/** `90`, `90s`, `10m`, `1h`, `1m30s` -> milliseconds; undefined when it is not a duration. */
function parseDuration(text) {
    const t = text.trim();
    if (/^\d+(\.\d+)?$/.test(t))
        return Number(t) * 1000;
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
    if (!m || t === '')
        return undefined;
    return (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
}
/** `10m`, `90s`, `1h`, `1m30s` or plain seconds; at least one second, at most a day. */
function parseTimeout(name, value) {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 1000 || ms > 86_400_000)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${name} must be a duration such as 10m, 90s or 1h (1s to 24h), got "${value}"`);
    return ms;
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IF: () => (/* binding */ FormatError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   bp: () => (/* binding */ describeValue),
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   eb: () => (/* binding */ UsageError),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   pn: () => (/* binding */ PolicyError),
/* harmony export */   wN: () => (/* binding */ LayerRebaseError),
/* harmony export */   wv: () => (/* binding */ TagMovedError),
/* harmony export */   x_: () => (/* binding */ InvalidReferenceError),
/* harmony export */   xx: () => (/* binding */ BlobSizeError),
/* harmony export */   zM: () => (/* binding */ PatchFileError)
/* harmony export */ });
/**
 * Every error the engine raises on purpose. The entry points print `message` (with the cause chain)
 * and never a stack trace for these; callers branch on `code`, never on message text.
 */
class LayerRebaseError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.name = new.target.name;
        this.code = code;
    }
}
class RegistryError extends LayerRebaseError {
    registry;
    repository;
    operation;
    status;
    digest;
    registryCodes;
    kind;
    constructor(fields, detail, options) {
        const target = fields.repository ? `${fields.registry}/${fields.repository}` : fields.registry;
        const status = fields.status !== undefined ? `${fields.status} ` : '';
        super(`registry-${fields.kind}`, `${fields.operation} ${target}: ${status}${detail}`, options);
        this.registry = fields.registry;
        this.repository = fields.repository;
        this.operation = fields.operation;
        this.status = fields.status;
        this.digest = fields.digest;
        this.registryCodes = fields.registryCodes ?? [];
        this.kind = fields.kind;
    }
}
class DigestMismatchError extends LayerRebaseError {
    expected;
    actual;
    where;
    constructor(expected, actual, where) {
        super('digest-mismatch', `${where}: content digest ${actual} does not match the expected ${expected}`);
        this.expected = expected;
        this.actual = actual;
        this.where = where;
    }
}
/** The tag no longer holds the digest the plan was made from: a release or another run moved it. */
class TagMovedError extends LayerRebaseError {
    tag;
    expected;
    actual;
    constructor(tag, expected, actual) {
        super('tag-moved', `tag moved: ${tag} now holds ${actual ?? 'nothing'}, not ${expected ?? 'nothing'} that was planned from; nothing was overwritten, re-run to patch the new image`);
        this.tag = tag;
        this.expected = expected;
        this.actual = actual;
    }
}
/** A blob whose size is not the one its descriptor claims (a forged or broken manifest). */
class BlobSizeError extends LayerRebaseError {
    expected;
    actual;
    where;
    constructor(expected, actual, where) {
        super('size-mismatch', `${where}: the registry has ${actual} bytes, but its descriptor claims ${expected}`);
        this.expected = expected;
        this.actual = actual;
        this.where = where;
    }
}
class InvalidReferenceError extends LayerRebaseError {
    reference;
    constructor(reference, reason) {
        super('invalid-reference', `invalid image reference "${reference}": ${reason}`);
        this.reference = reference;
    }
}
/** A document (manifest, config, label, patch file) that does not have the shape its spec requires. */
class FormatError extends LayerRebaseError {
    file;
    key;
    value;
    constructor(file, key, value, reason) {
        const shown = key ? ` at ${key}` : '';
        super('invalid-format', `${file}${shown}: ${reason}${describeValue(value)}`);
        this.file = file;
        this.key = key;
        this.value = value;
    }
}
class PatchFileError extends LayerRebaseError {
    file;
    key;
    value;
    constructor(file, key, value, reason, code = 'invalid-patch-file') {
        const shown = key ? ` at ${key}` : '';
        super(code, `patch file ${file}${shown}: ${reason}${describeValue(value)}`);
        this.file = file;
        this.key = key;
        this.value = value;
    }
}
/** The image was refused by a safety rule (opt-in, platform mismatch, scope). Nothing was written. */
class PolicyError extends LayerRebaseError {
    image;
    buildpack;
    layer;
    constructor(image, reason, where) {
        super('refused', `${image}: ${reason}`);
        this.image = image;
        this.buildpack = where?.buildpack;
        this.layer = where?.layer;
    }
}
class UsageError extends LayerRebaseError {
    constructor(message) {
        super('usage', message);
    }
}
function describeValue(value) {
    if (value === undefined)
        return '';
    let text;
    try {
        text = JSON.stringify(value) ?? String(value);
    }
    catch {
        text = String(value);
    }
    if (text.length > 120)
        text = `${text.slice(0, 117)}...`;
    return ` (got ${text})`;
}
/**
 * The message with its cause chain, once. Only the entry points ask for the stack, and only for
 * errors that are not ours (a bug); expected errors never print one.
 */
function describeError(error, options = {}) {
    const parts = [];
    let current = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
        if (current instanceof Error) {
            const bug = depth === 0 && options.stackForBugs === true && !(current instanceof LayerRebaseError);
            const text = bug ? String(current.stack ?? current.message) : current.message;
            if (!parts.some((p) => p.includes(text)))
                parts.push(text);
            current = current.cause;
        }
        else {
            parts.push(String(current));
            break;
        }
    }
    const text = parts.join(': ');
    // Anything that is not one of our errors is a bug: say so, so that it is reported, not retried.
    return error instanceof LayerRebaseError || !(error instanceof Error)
        ? text
        : `internal error (a bug in layer-rebase, please report it): ${text}`;
}
/** A registry's 404 or a layout's missing entry. */
function isNotFound(error) {
    return ((error instanceof RegistryError && error.kind === 'not-found') ||
        (error instanceof LayerRebaseError && error.code === 'not-found'));
}


/***/ }),

/***/ 59148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   QD: () => (/* binding */ LocalFileError),
/* harmony export */   XF: () => (/* binding */ readRegularFile),
/* harmony export */   ZU: () => (/* binding */ openRegularFile),
/* harmony export */   lo: () => (/* binding */ writeFileAtomically),
/* harmony export */   mQ: () => (/* binding */ canonicalFileName)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(83916);





/** A local file that cannot be used; `errno` tells a missing file (ENOENT) from the rest. */
class LocalFileError extends _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UsageError */ .eb {
    errno;
    constructor(message, errno) {
        super(message);
        this.errno = errno;
    }
}
/**
 * Opens a local file once and checks that it is a regular file: a directory, FIFO or device is a usage
 * error naming the path (O_NONBLOCK, so that opening a FIFO cannot hang). Symlinks are followed, and
 * what they point at is what is checked.
 */
async function openRegularFile(path, what) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    }
    catch (error) {
        const code = error.code ?? error.message;
        throw new LocalFileError(code === 'ENOENT' ? `${what} ${path} does not exist` : `${what} ${path}: cannot read it (${code})`, code);
    }
    const info = await handle.stat();
    if (!info.isFile()) {
        await handle.close();
        const kind = info.isDirectory()
            ? 'a directory'
            : info.isFIFO()
                ? 'a FIFO'
                : info.isCharacterDevice() || info.isBlockDevice()
                    ? 'a device'
                    : info.isSocket()
                        ? 'a socket'
                        : 'not a regular file';
        throw new LocalFileError(`${what} ${path} is ${kind}, not a regular file`);
    }
    return { handle, size: info.size };
}
/**
 * Reads a whole regular file, but never more than `cap` bytes whatever `stat` says (a file may grow,
 * or be a link to something endless): over the cap is an error naming the path.
 */
async function readRegularFile(path, cap, what) {
    const { handle } = await openRegularFile(path, what);
    try {
        const chunks = [];
        let total = 0;
        for (;;) {
            const buffer = Buffer.alloc(Math.min(64 * 1024, cap + 1 - total));
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            chunks.push(buffer.subarray(0, bytesRead));
            total += bytesRead;
            if (total > cap)
                throw new LocalFileError(`${what} ${path} is more than the ${cap} bytes allowed`);
        }
        return Buffer.concat(chunks, total);
    }
    finally {
        await handle.close();
    }
}
/**
 * Writes `path` whole or not at all (a temporary file beside it, then a rename), creating its directory:
 * a reader never sees half an entry, and two writers of the same entry do not mix.
 */
async function writeFileAtomically(path, data) {
    const temp = `${path}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path), { recursive: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(temp, data);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(temp, path);
}
/** `inner` is `outer` or lies below it (both absolute, resolved). */
function isWithin(outer, inner) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(outer, inner);
    return rel === '' || (!rel.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(rel));
}
const exists = (path) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(path).then(() => true, () => false);
/**
 * The nearest directory at or above `dir` that holds a `.git` entry — a directory in a clone, a file in
 * a worktree or a submodule: the repository's top level, found without running git. The walk stops at
 * `stop` (inclusive) when given; undefined when there is none.
 */
async function gitTopLevel(dir, stop) {
    for (let current = dir;;) {
        if (await exists(`${current}${node_path__WEBPACK_IMPORTED_MODULE_3__.sep}.git`))
            return current;
        const parent = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(current);
        if (parent === current || (stop !== undefined && current === stop))
            return undefined;
        current = parent;
    }
}
/**
 * How the provenance label names a local patch file, so that the result's digest depends neither on how
 * the path was spelled nor on where the run started: the file's path (symlinks resolved, `/` separators)
 * relative to the top level of the git repository it lives in; in the action, a file inside the
 * workspace without a repository in between is named relative to the workspace; anything else by its
 * file name alone.
 */
async function canonicalFileName(path, workspace) {
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)(path).catch(() => path);
    const root = workspace ? await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.realpath)(workspace).catch(() => workspace) : undefined;
    const inWorkspace = root !== undefined && isWithin(root, file);
    const top = await gitTopLevel((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(file), inWorkspace ? root : undefined);
    const base = top ?? (inWorkspace ? root : undefined);
    const name = base !== undefined ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.relative)(base, file) : (0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(file);
    return name.split(node_path__WEBPACK_IMPORTED_MODULE_3__.sep).join('/');
}


/***/ }),

/***/ 76803:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ request),
/* harmony export */   g: () => (/* binding */ Agent)
/* harmony export */ });
let loaded;
let loading;
function undici() {
    return (loading ??= Promise.all([
        Promise.all(/* import() */[__nccwpck_require__.e(440), __nccwpck_require__.e(405)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 57405, 23)),
        Promise.all(/* import() */[__nccwpck_require__.e(440), __nccwpck_require__.e(43)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 14043, 23)),
    ]).then(([agent, request]) => (loaded = { Agent: agent.default, request: request.default })));
}
const real = Symbol('real agent');
/**
 * undici's Agent, made at the first request through it: until then it holds its options. Only
 * `request` below dispatches through it (after loading undici), so `dispatch` always has an agent.
 */
class LazyAgent {
    options;
    [real];
    constructor(options) {
        this.options = options;
    }
    /** The agent itself; undici is loaded by then (request() awaits it). */
    agent() {
        if (!loaded)
            throw new Error('undici is not loaded yet');
        return (this[real] ??= new loaded.Agent(this.options));
    }
    dispatch(options, handler) {
        return this.agent().dispatch(options, handler);
    }
    close() {
        return this[real]?.close() ?? Promise.resolve();
    }
    destroy() {
        return this[real]?.destroy() ?? Promise.resolve();
    }
}
const Agent = LazyAgent;
/** undici's `request(url, options)`, always through the given dispatcher (there is no global one here). */
async function request(url, options) {
    const { dispatcher, ...rest } = options;
    const target = typeof url === 'string' ? new URL(url) : url;
    const { request: send } = loaded ?? (await undici());
    const through = dispatcher instanceof LazyAgent ? dispatcher.agent() : dispatcher;
    return send.call(through, {
        ...rest,
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
    });
}


/***/ }),

/***/ 79407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _runtime_flags_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73677);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7565);


await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 25625:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   aB: () => (/* binding */ silentLog),
/* harmony export */   eS: () => (/* binding */ heldLog)
/* harmony export */ });
/* unused harmony export streamLog */
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(27194);

const silentLog = {
    debug() { },
    info() { },
    warning() { },
    secret() { },
    progress() { },
    group: (_name, fn) => fn(),
};
/** A log that writes to a stream (the CLI's stderr), masking every registered secret. */
function streamLog(write, options = {}) {
    const secrets = new Set();
    const mask = (text) => {
        let out = redact(text);
        for (const s of secrets)
            out = out.split(s).join('***');
        return out;
    };
    return {
        debug: (m) => {
            if (options.verbose)
                write(mask(`debug: ${m}`));
        },
        // The CLI's stdout has every status and swap; stderr gets the play-by-play only with --verbose.
        info: (m) => {
            if (options.verbose)
                write(mask(m));
        },
        warning: (m) => write(mask(`warning: ${m}`)),
        secret: (v) => {
            if (v)
                secrets.add(v);
        },
        progress: (m) => write(mask(m)),
        group: async (name, fn) => {
            if (options.verbose)
                write(mask(`== ${name}`));
            return fn();
        },
    };
}
/**
 * A log for one image of a fleet: its info and debug lines are held (images run in parallel, in two
 * phases) and replayed as one group in input order; warnings, progress and secrets go out at once.
 */
function heldLog(parent) {
    const lines = [];
    return {
        debug: (m) => lines.push({ level: 'debug', message: m }),
        info: (m) => lines.push({ level: 'info', message: m }),
        warning: (m) => parent.warning(m),
        secret: (v) => parent.secret(v),
        progress: (m) => parent.progress(m),
        group: (_name, fn) => fn(),
        replay: (name) => parent.group(name, async () => {
            for (const line of lines)
                parent[line.level](line.message);
        }),
    };
}


/***/ }),

/***/ 7565:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ main_run)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
;// CONCATENATED MODULE: ./src/action/core.ts




/**
 * The part of `@actions/core` the action uses — inputs, outputs, log commands, masking, the job
 * summary — written as that package writes them (its command and file-command formats, byte for byte).
 * `@actions/core` itself imports `@actions/http-client` for OIDC tokens, which imports all of undici
 * (fetch, WebSocket, caches, mocks): evaluating that at start was two thirds of the action's start-up.
 */
/** A command's value as `@actions/core` writes it: strings as they are, anything else as JSON. */
function commandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return String(input);
    return JSON.stringify(input);
}
const escapeData = (s) => commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => commandValue(s)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
/** `::command key=value,…::message` on stdout. */
function issueCommand(command, properties, message) {
    const props = Object.entries(properties)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${external_node_os_.EOL}`);
}
/** `name<<delimiter` … `delimiter` appended to the file `$GITHUB_<command>` names. */
function issueFileCommand(command, key, value) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!(0,external_node_fs_.existsSync)(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const converted = commandValue(value);
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (converted.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    (0,external_node_fs_.appendFileSync)(filePath, `${key}<<${delimiter}${external_node_os_.EOL}${converted}${external_node_os_.EOL}${delimiter}${external_node_os_.EOL}`, {
        encoding: 'utf8',
    });
}
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    return options?.trimWhitespace === false ? val : val.trim();
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT)
        return issueFileCommand('OUTPUT', name, value);
    process.stdout.write(external_node_os_.EOL);
    issueCommand('set-output', { name }, commandValue(value));
}
const setSecret = (secret) => issueCommand('add-mask', {}, secret);
const debug = (message) => issueCommand('debug', {}, message);
const warning = (message) => issueCommand('warning', {}, message);
const error = (message) => issueCommand('error', {}, message);
const info = (message) => void process.stdout.write(message + external_node_os_.EOL);
const startGroup = (name) => issueCommand('group', {}, name);
const endGroup = () => issueCommand('endgroup', {}, '');
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
/** The job summary: text added to a buffer, appended to `$GITHUB_STEP_SUMMARY` by write(). */
class Summary {
    buffer = '';
    addRaw(text, addEOL = false) {
        this.buffer += text;
        if (addEOL)
            this.buffer += external_node_os_.EOL;
        return this;
    }
    async write() {
        const path = process.env.GITHUB_STEP_SUMMARY;
        if (!path)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
        try {
            await (0,promises_.access)(path, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
        }
        await (0,promises_.appendFile)(path, this.buffer, { encoding: 'utf8' });
        this.buffer = '';
        return this;
    }
}
const summary = new Summary();

;// CONCATENATED MODULE: ./src/action/actions-cache.ts


/**
 * What travels through the GitHub Actions cache: on GitHub-hosted runners (where nothing on disk
 * survives a job) the content cache only — patch image configs and uncompressed SBOM layers, each used
 * only while its bytes hash to the digest a manifest names (src/oci/content-cache.ts). Never a verdict of
 * the verified-layer cache: any workflow that runs on the default branch can save an entry under any key,
 * and a restored archive is extracted wherever its member names point (@actions/cache runs tar -P), so a
 * disk that receives one keeps no verdict this tool reads (verdictsOnDisk()). Self-hosted runners keep
 * their disk between jobs and use no Actions cache at all. Loaded only where the service exists, and
 * quiet when it fails: the cache only ever saves a fetch.
 */
/** The content cache's directory under the cache root (diskContentCache's; a test pins that they agree). */
const CONTENT_DIR = 'content-v1';
/** Caches saved under the earlier prefix (`layer-rebase-verified-v1-`) held verdicts: never restored. */
const PREFIX = 'layer-rebase-content-v1-';
const loadActionsCache = () => Promise.all(/* import() */[__nccwpck_require__.e(440), __nccwpck_require__.e(405), __nccwpck_require__.e(119), __nccwpck_require__.e(759), __nccwpck_require__.e(520)]).then(__nccwpck_require__.bind(__nccwpck_require__, 44520));
/** A GitHub-hosted runner: a fresh disk for each job, filled from the Actions cache. */
function hostedRunner(env) {
    return env.RUNNER_ENVIRONMENT === 'github-hosted';
}
/** Whether the action keeps verdicts on this runner's disk: asked for, and no Actions cache restores onto it. */
function verdictsOnDisk(env, asked) {
    return asked && !hostedRunner(env);
}
async function entriesOf(dir) {
    return new Set(await (0,promises_.readdir)(dir).catch(() => []));
}
async function withClient(env, log, what, load, fn) {
    if (!env.ACTIONS_RESULTS_URL && !env.ACTIONS_CACHE_URL)
        return;
    try {
        const cache = await load();
        if (!cache.isFeatureAvailable())
            return;
        const done = await fn(cache);
        if (done)
            log.debug(`patch image configs and SBOM layers ${what} the Actions cache (${done})`);
    }
    catch (error) {
        log.debug(`patch image configs and SBOM layers not ${what} the Actions cache: ${error.message}`);
    }
}
/**
 * On a GitHub-hosted runner, the content cache from the newest Actions cache entry under PREFIX, unless
 * an earlier step of the job left one on disk. Undefined elsewhere: nothing to restore or save.
 */
async function restoreContent(root, log, env = process.env, load = loadActionsCache) {
    if (!hostedRunner(env))
        return undefined;
    const dir = (0,external_node_path_.join)(root, CONTENT_DIR);
    const before = await entriesOf(dir);
    if (before.size === 0)
        await withClient(env, log, 'restored from', load, (cache) => cache.restoreCache([dir], `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}`, [PREFIX]));
    return { entries: await entriesOf(dir) };
}
/** Saves the content cache when the run added entries to what restoreContent() found. */
async function saveContent(root, snapshot, log, env = process.env, load = loadActionsCache) {
    if (!snapshot || !hostedRunner(env))
        return;
    const dir = (0,external_node_path_.join)(root, CONTENT_DIR);
    const now = await entriesOf(dir);
    if (![...now].some((name) => !snapshot.entries.has(name)))
        return;
    const key = `${PREFIX}${env.GITHUB_RUN_ID ?? 'run'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_JOB ?? 'job'}`;
    await withClient(env, log, 'saved to', load, async (cache) => (await cache.saveCache([dir], key)) >= 0 ? key : undefined);
}

;// CONCATENATED MODULE: ./src/action/comment.ts



/** The pull request this run belongs to, from the event payload (pull_request and pull_request_target). */
function pullRequestNumber(env = process.env) {
    // Read the event file directly: loading @actions/github (Octokit) costs start-up time that runs
    // without a comment should not pay.
    if (!env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        const number = event.pull_request?.number;
        return typeof number === 'number' ? number : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Creates or updates the one sticky plan comment on the pull request. A 403 (fork pull requests,
 * a token without `pull-requests: write`) is a warning, never a failure of the step.
 */
async function upsertPlanComment(mode, token, body, marker) {
    if (mode === 'false')
        return;
    const number = pullRequestNumber();
    if (number === undefined) {
        if (mode === 'true')
            warning('comment: true, but this run has no pull request to comment on');
        return;
    }
    if (!token) {
        warning('comment: no github-token; the plan comment was not written');
        return;
    }
    const github = await Promise.all(/* import() */[__nccwpck_require__.e(440), __nccwpck_require__.e(405), __nccwpck_require__.e(119), __nccwpck_require__.e(413)]).then(__nccwpck_require__.bind(__nccwpck_require__, 92413));
    const octokit = github.getOctokit(token);
    const { owner, repo } = github.context.repo;
    try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            owner,
            repo,
            issue_number: number,
            per_page: 100,
        });
        const existing = comments.find((c) => c.body?.startsWith(marker));
        if (existing) {
            await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
            info(`updated the plan comment on pull request #${number}`);
        }
        else {
            await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
            info(`commented the plan on pull request #${number}`);
        }
    }
    catch (error) {
        const status = error.status;
        if (status === 403 || status === 404) {
            warning(`could not write the plan comment on pull request #${number} (${status}): the token needs "pull-requests: write" ` +
                '(fork pull requests never get it); the plan is in the job summary');
            return;
        }
        warning(`could not write the plan comment on pull request #${number}: ${error.message}`);
    }
}
/**
 * The key of this job's sticky comment: the `comment-key` input, else the workflow job plus the image
 * list, so that each job of a matrix keeps its own comment and a re-run updates it.
 */
function commentKey(input, images, env = process.env) {
    if (input.trim())
        return input.trim();
    const hash = (0,external_node_crypto_.createHash)('sha256').update(images.join('\n')).digest('hex').slice(0, 12);
    return `${env.GITHUB_JOB ?? 'job'}:${hash}`;
}
/** The workflow run this job belongs to, for links in the comment and the summary. */
function runUrl(env = process.env) {
    if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`;
}

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __nccwpck_require__(86683);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
;// CONCATENATED MODULE: ./src/fail-on.ts

const FAIL_ON_DEFAULT = ['failed', 'refused'];
/**
 * `fail-on` (`--fail-on`): which image outcomes fail the step (exit non-zero): `failed, refused` (the
 * default), one of them, or `none`. A fan-out plan job uses `none`, so that one bad image among hundreds
 * does not skip every patch shard: the images it could not plan go to a shard of their own (the `matrix`
 * output), which fails the workflow if they fail again. Usage mistakes and unreadable patch files fail
 * the run whatever this says.
 */
function parseFailOn(name, value) {
    const words = value
        .split(/[\s,]+/)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean);
    if (words.length === 0)
        return [...FAIL_ON_DEFAULT];
    if (words.length === 1 && words[0] === 'none')
        return [];
    const bad = words.find((w) => w !== 'failed' && w !== 'refused');
    if (bad !== undefined)
        throw new errors/* UsageError */.eb(`${name} must be "failed", "refused", both ("failed, refused", the default) or "none", got "${value}"`);
    return FAIL_ON_DEFAULT.filter((o) => words.includes(o));
}
/** The images that did not get what the run was for: failed or refused (or, for undo, not restored). */
function problemImages(images) {
    return images.filter((i) => i.status === 'failed' || i.status === 'refused');
}
/** The problem images that fail the run under `failOn`. */
function failingImages(images, failOn) {
    return problemImages(images).filter((i) => failOn.includes(i.status));
}

// EXTERNAL MODULE: ./src/vulns/reports.ts
var reports = __nccwpck_require__(51291);
;// CONCATENATED MODULE: ./src/action/inputs.ts





/** Newline- (or comma-) separated list, trimmed, without blanks and `#` comments. */
function parseList(value) {
    return value
        .split(/\r?\n/)
        .flatMap((line) => (line.includes('://') || line.startsWith('oci:') ? [line] : line.split(',')))
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
function parseBoolean(name, value) {
    const v = value.trim().toLowerCase();
    if (v === '' || v === 'false')
        return false;
    if (v === 'true')
        return true;
    throw new errors/* UsageError */.eb(`input "${name}" must be true or false, got "${value}"`);
}
function readInputs(get = (n) => getInput(n), 
/** An input as given, not trimmed (a password). */
getRaw = (n) => getInput(n, { trimWhitespace: false }), 
/** The step's environment: COSIGN_PASSWORD when signing-key-password is not given. */
env = process.env) {
    return {
        image: parseList(get('image')),
        patches: parseList(get('patches')),
        buildpacks: parseList(get('buildpacks')),
        builder: parseList(get('builder')),
        tags: parseList(get('tags')),
        runImage: get('run-image').trim(),
        force: parseBoolean('force', get('force')),
        dryRun: parseBoolean('dry-run', get('dry-run')),
        insecureRegistries: parseList(get('insecure-registries')),
        summary: parseBoolean('summary', get('summary') || 'true'),
        comment: parseCommentMode(get('comment')),
        githubToken: get('github-token'),
        concurrency: parsePositiveInt('concurrency', get('concurrency') || '4'),
        timeoutMs: (0,deadline/* parseTimeout */.ZZ)('timeout', get('timeout') || '10m'),
        shardSize: parseShardSize(get('shard-size') || '1'),
        commentKey: get('comment-key'),
        vulnerabilityReports: parseList(get('vulnerability-reports')),
        requireFix: (0,reports/* parseRequireFix */.G3)('input "require-fix"', get('require-fix')),
        undo: parseBoolean('undo', get('undo')),
        verify: parseBoolean('verify', get('verify')),
        failOn: parseFailOn('input "fail-on"', get('fail-on')),
        verifiedCache: parseBoolean('verified-cache', get('verified-cache') || 'true'),
        signing: {
            sign: get('sign'),
            ...(get('signing-key').trim()
                ? { key: { text: get('signing-key'), where: 'input "signing-key"' } }
                : {}),
            ...(get('signing-key').trim() ? keyPassword(getRaw('signing-key-password'), env) : {}),
            format: get('signature-format'),
            sigstore: get('sigstore'),
            attest: parseBoolean('attest', get('attest')),
            ...(get('github-token') ? { githubToken: get('github-token') } : {}),
        },
    };
}
/**
 * The key's password: the input, else cosign's COSIGN_PASSWORD from the step's env (an empty one set
 * there is still one: a key made with an empty password). Taken as given, not trimmed. The runner
 * passes an input it was not given as '', so an empty input is no password.
 */
function keyPassword(input, env) {
    if (input !== '')
        return { password: input, passwordFrom: 'input "signing-key-password"' };
    if (env.COSIGN_PASSWORD !== undefined)
        return { password: env.COSIGN_PASSWORD, passwordFrom: 'COSIGN_PASSWORD' };
    return {};
}
function parseCommentMode(value) {
    const v = value.trim().toLowerCase() || 'auto';
    if (v === 'auto' || v === 'true' || v === 'false')
        return v;
    throw new errors/* UsageError */.eb(`input "comment" must be auto, true or false, got "${value}"`);
}
function parsePositiveInt(name, value) {
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n < 1 || n > 64)
        throw new errors/* UsageError */.eb(`input "${name}" must be an integer from 1 to 64, got "${value}"`);
    return n;
}
function parseShardSize(value) {
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n < 1 || n > 10_000)
        throw new errors/* UsageError */.eb(`input "shard-size" must be an integer from 1 to 10000, got "${value}"`);
    return n;
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __nccwpck_require__(16698);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __nccwpck_require__(14031);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(27194);
;// CONCATENATED MODULE: ./src/action/log.ts




/**
 * Text as the runner's log may show it: secrets out first, then escaping. The runner masks a secret only
 * where its text appears as it is, and escaping (a `##[` or a control character in it) would change that
 * text and let it through. Every line the action writes passes this.
 */
const forTheLog = (text) => (0,report_escape/* neutralize */.YI)((0,secrets/* redact */.E$)(text));
const groupLines = new external_node_async_hooks_.AsyncLocalStorage();
/**
 * The Log port over the runner's log commands; every credential is masked with setSecret. Images run
 * in parallel, so each image's lines are held and written as one group when it finishes; warnings
 * (annotations) and progress lines go out at once.
 */
const actionLog = {
    debug: (m) => debug(forTheLog(m)),
    info: (m) => {
        const held = groupLines.getStore();
        if (held)
            held.push(forTheLog(m));
        else
            info(forTheLog(m));
    },
    warning: (m) => warning(forTheLog(m)),
    secret: (v) => setSecret(v),
    progress: (m) => info(forTheLog(m)),
    group: async (name, fn) => {
        const held = [];
        try {
            return await groupLines.run(held, fn);
        }
        finally {
            startGroup(forTheLog(name));
            for (const line of held)
                info(line);
            endGroup();
        }
    },
};

// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/memo.ts
var memo = __nccwpck_require__(75025);
;// CONCATENATED MODULE: ./src/oci/registry/credentials.ts







/** The keys under which docker (and docker/login-action) file credentials for a registry. */
function configKeys(registry) {
    if (registry === reference/* DOCKER_HUB */.Xb) {
        return [
            'https://index.docker.io/v1/',
            'index.docker.io',
            'docker.io',
            'registry-1.docker.io',
            'https://index.docker.io/v1',
        ];
    }
    return [
        registry,
        `https://${registry}`,
        `http://${registry}`,
        `https://${registry}/v1/`,
        `https://${registry}/v2/`,
    ];
}
function normaliseKey(key) {
    return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
function findAuthEntry(config, registry) {
    const auths = config.auths ?? {};
    for (const key of configKeys(registry))
        if (auths[key])
            return auths[key];
    const host = registry === reference/* DOCKER_HUB */.Xb ? 'index.docker.io' : registry;
    for (const [key, entry] of Object.entries(auths))
        if (normaliseKey(key) === host)
            return entry;
    return undefined;
}
function decodeAuthEntry(entry, where) {
    const creds = {};
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new errors/* LayerRebaseError */.wN('invalid-credentials', `${where}: "auth" is not base64 of "user:password"`);
        creds.username = decoded.slice(0, colon);
        creds.password = decoded.slice(colon + 1);
    }
    if (entry.username)
        creds.username = entry.username;
    if (entry.password)
        creds.password = entry.password;
    if (entry.identitytoken)
        creds.identityToken = entry.identitytoken;
    if (entry.registrytoken)
        creds.registryToken = entry.registrytoken;
    return creds.password || creds.identityToken || creds.registryToken ? creds : undefined;
}
async function runHelper(helper, registry, entry) {
    const program = `docker-credential-${helper}`;
    const server = registry === reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : registry;
    // Loaded here, not at start: most runs name no helper.
    const { execFile } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 31421, 23));
    return new Promise((resolve, reject) => {
        const child = execFile(program, ['get'], { timeout: 30_000, maxBuffer: 1024 * 1024 }, (error, stdout) => {
            if (error && error.code === 'ENOENT') {
                return reject(new errors/* LayerRebaseError */.wN('credential-helper', `credential helper ${program} is not installed (the docker config ${entry} names "${helper}"); install it, or remove that entry and log in with docker login ${registry}`));
            }
            if (error) {
                // Helpers answer "credentials not found" on stdout with a non-zero exit; that means anonymous.
                // Their stderr is never shown: it may carry the very token that failed (`token ghp_… expired`).
                if (/credentials not found/i.test(stdout))
                    return resolve(undefined);
                const { code, signal, killed } = error;
                const how = killed
                    ? 'timed out after 30 s'
                    : signal
                        ? `was killed by ${signal}`
                        : `exited with status ${code}`;
                return reject(new errors/* LayerRebaseError */.wN('credential-helper', `credential helper ${program} failed for ${registry} (${how}); run "${program} get" by hand to see why`));
            }
            try {
                const parsed = JSON.parse(stdout);
                if (!parsed.Secret)
                    return resolve(undefined);
                resolve(parsed.Username === '<token>'
                    ? { identityToken: parsed.Secret }
                    : { username: parsed.Username ?? '', password: parsed.Secret });
            }
            catch {
                // Not quoted: what a helper prints is a secret until proven otherwise.
                reject(new errors/* LayerRebaseError */.wN('credential-helper', `credential helper ${program} printed something that is not JSON for ${registry}`));
            }
        });
        child.stdin?.end(server);
    });
}
/**
 * Reads `$DOCKER_CONFIG/config.json` (or `~/.docker/config.json`): `credHelpers` for the registry,
 * then `auths`, then `credsStore`. Every secret found is registered with the log for masking.
 */
function dockerConfigResolver(options) {
    const env = options.env ?? process.env;
    // Docker reads an empty DOCKER_CONFIG as unset: never `./config.json` from the working directory
    // (in the action, the checked-out repository, where a pull request could name a credsStore to run).
    const path = options.configPath ?? (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
    let configPromise;
    const loadConfig = () => (configPromise ??= (0,promises_.readFile)(path, 'utf8').then((text) => {
        try {
            return JSON.parse(text);
        }
        catch (e) {
            throw new errors/* LayerRebaseError */.wN('invalid-credentials', `${path}: not valid JSON`, { cause: e });
        }
    }, (error) => {
        if (error.code === 'ENOENT')
            return {};
        throw error;
    }));
    const cache = new Map();
    const resolveOnce = async (registry) => {
        const config = await loadConfig();
        const helper = config.credHelpers?.[registry] ??
            (registry === reference/* DOCKER_HUB */.Xb ? config.credHelpers?.['index.docker.io'] : undefined);
        let creds;
        if (helper)
            creds = await runHelper(helper, registry, `${path} credHelpers["${registry}"]`);
        else {
            const entry = findAuthEntry(config, registry);
            if (entry)
                creds = decodeAuthEntry(entry, `${path} auths["${registry}"]`);
            if (!creds && config.credsStore)
                creds = await runHelper(config.credsStore, registry, `${path} credsStore`);
        }
        // Each secret in every form it is sent in (a Basic header is base64 of user:password).
        for (const form of [
            ...(0,secrets/* registerSecret */.cl)(creds?.password, creds?.username ?? ''),
            ...(0,secrets/* registerSecret */.cl)(creds?.identityToken),
            ...(0,secrets/* registerSecret */.cl)(creds?.registryToken),
        ])
            options.log.secret(form);
        return creds;
    };
    const resolver = (registry) => (0,memo/* once */.O)(cache, registry, () => resolveOnce(registry));
    resolver.source = path;
    return resolver;
}

// EXTERNAL MODULE: ./src/result.ts
var src_result = __nccwpck_require__(51666);
// EXTERNAL MODULE: ./src/rebase/vuln-step.ts + 2 modules
var vuln_step = __nccwpck_require__(93799);
// EXTERNAL MODULE: ./src/report/markdown.ts + 1 modules
var markdown = __nccwpck_require__(60273);
// EXTERNAL MODULE: ./src/report/vulns-markdown.ts
var vulns_markdown = __nccwpck_require__(75238);
;// CONCATENATED MODULE: ./src/report/comment.ts





/** GitHub refuses comment bodies over 65 536 characters. */
const COMMENT_LIMIT = 65_000;
/**
 * The hidden marker that makes a plan comment sticky. Each key (a matrix job, an image list) has its
 * own comment, found and updated in place by the next run with the same key.
 */
function commentMarker(key) {
    return `<!-- layer-rebase:plan:${key.replace(/--/g, '-')} -->`;
}
function renderComment(result, context) {
    const heading = result.dryRun ? '### layer-rebase plan (dry run: nothing pushed)' : '### layer-rebase';
    const link = context.runUrl ? ` — [workflow run and full summary](${context.runUrl})` : '';
    const body = [
        commentMarker(context.key),
        heading,
        '',
        // The count of vulnerabilities is the next line's: said once.
        `${(0,markdown/* renderTotals */._R)(result, { vulnerabilities: false })}${link}`,
        '',
        ...mergeWouldFix(result),
        ...(0,markdown/* renderProblems */.x8)(result),
        ...(0,markdown/* renderOverview */.mp)(result),
        ...result.images.map((i) => (0,markdown/* renderImage */.mx)(i, result)),
    ].join('\n');
    // Characters, not bytes, are GitHub's limit here; stay well under it either way.
    return body.length <= COMMENT_LIMIT
        ? body
        : (0,report_escape/* truncateUtf8 */.Ck)(body.slice(0, COMMENT_LIMIT), COMMENT_LIMIT, '_Comment truncated; the job summary and the JSON report have every detail._');
}
/** What the reports say the plan closes, in the words a reviewer asks for. */
function mergeWouldFix(result) {
    if (!result.vulnerabilityReports)
        return [];
    const images = result.images.filter((i) => (0,src_result/* isApplied */.KN)(i) && (0,vulns_markdown/* fixedOf */.OI)(i).length > 0);
    const distinct = (0,vulns_markdown/* distinctFixed */.lm)(images);
    const verb = result.dryRun ? 'Merging would fix' : 'This run fixed';
    if (distinct.length === 0)
        return [`**${verb} no reported vulnerability.**`, ''];
    // The advisory page a report linked for an id that is neither a CVE nor a GHSA.
    const urls = new Map();
    for (const i of images)
        for (const p of i.platforms)
            for (const f of p.vulnerabilities?.fixed ?? [])
                if (f.url)
                    urls.set(f.id, f.url);
    // Ids are CVE-, GHSA-, GO-… names: anything else in one is dropped rather than rendered.
    const shown = distinct
        .slice(0, 10)
        .map((f) => (0,vulns_markdown/* idLink */.iu)(f.id, urls.get(f.id)))
        .join(', ');
    const more = distinct.length > 10 ? ` and ${distinct.length - 10} more` : '';
    // Counted as the summary and the CLI count: distinct vulnerabilities, then in how many images.
    return [
        `**${verb} ${(0,vuln_step/* countWords */.rj)(distinct)} reported vulnerabilit${distinct.length === 1 ? 'y' : 'ies'}, in ${images.length} image(s):** ${shown}${more}.`,
        '',
    ];
}

// EXTERNAL MODULE: ./src/rebase/rewrite.ts + 1 modules
var rewrite = __nccwpck_require__(8753);
// EXTERNAL MODULE: ./src/patches/types.ts
var types = __nccwpck_require__(34527);
// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __nccwpck_require__(74693);
;// CONCATENATED MODULE: ./src/report/json.ts





/** The JSON report's shape (documented in the README). Bump `version` on any breaking change. */
const REPORT_VERSION = 2;
function patchRef(patch) {
    return {
        selector: (0,types/* describeSelector */.r)(patch),
        where: patch.where,
        source: patch.source,
        patchImage: patch.patchImage,
        mirrors: patch.mirrors,
    };
}
function sideJson(side) {
    return {
        diffId: side.diffId,
        digest: side.descriptor.digest,
        mediaType: side.descriptor.mediaType,
        size: side.descriptor.size,
        version: side.version ?? null,
        buildpackVersion: side.buildpackVersion ?? null,
        createdBy: side.createdBy ?? null,
    };
}
function swapJson(swap) {
    return {
        target: (0,rebase_types/* targetName */.j)(swap.target),
        kind: swap.target.kind,
        buildpack: swap.target.kind === 'layer' ? swap.target.buildpack : null,
        layer: swap.target.kind === 'layer' ? swap.target.layer : 'launcher',
        layerIndex: swap.layerIndex,
        forced: swap.forced,
        from: sideJson(swap.from),
        to: sideJson(swap.to),
        patchImage: swap.patchImage,
        patch: patchRef(swap.patch),
    };
}
function decisionJson(d) {
    return { target: (0,rebase_types/* targetName */.j)(d.target), reason: d.reason, patch: patchRef(d.patch) };
}
function imageJson(image) {
    return {
        input: image.input,
        status: image.status,
        changed: image.changed,
        digestBefore: image.digestBefore ?? null,
        digest: image.digest ?? null,
        result: image.result ?? null,
        tags: image.tags,
        error: image.error ?? null,
        note: image.note ?? null,
        signatures: image.signatures ?? [],
        signing: image.signing ?? null,
        vulnerabilityReports: image.reports ?? null,
        vulnerabilities: image.vulnerabilities ?? null,
        warnings: image.warnings,
        transfers: image.transfers,
        durationMs: image.durationMs,
        platforms: image.platforms.map((p) => ({
            platform: p.platform,
            digestBefore: p.digestBefore,
            digestAfter: p.digestAfter,
            swaps: p.plan.swaps.map(swapJson),
            skipped: p.plan.skipped.map(decisionJson),
            refused: p.plan.refused.map(decisionJson),
            unpatched: p.plan.unpatched.map(decisionJson),
            overrides: p.plan.overrides.map((o) => ({ patch: patchRef(o.patch), by: patchRef(o.by) })),
            unmatched: p.plan.unmatched.map((u) => ({
                patch: patchRef(u.patch),
                kind: u.kind,
                reason: u.reason,
                didYouMean: u.didYouMean ?? null,
            })),
            sbom: p.sbom ?? null,
            vulnerabilities: p.vulnerabilities ?? null,
            runImage: p.plan.runImage
                ? {
                    status: p.plan.runImage.status,
                    reason: p.plan.runImage.reason ?? null,
                    forced: p.plan.runImage.forced,
                    from: p.plan.runImage.from,
                    to: p.plan.runImage.to,
                }
                : null,
        })),
    };
}
function renderReport(result) {
    return `${JSON.stringify({
        version: REPORT_VERSION,
        dryRun: result.dryRun,
        durationMs: result.durationMs,
        patchCount: result.patchCount,
        sources: result.sources,
        vulnerabilityReports: result.vulnerabilityReports ?? null,
        warnings: result.warnings,
        images: result.images.map(imageJson),
    }, null, 2)}\n`;
}
/** One compact entry per input image: the `images` output, and (for applied images) the predicate. */
function imageEntry(image) {
    return {
        input: image.input,
        status: image.status,
        changed: image.changed,
        result: image.result ?? null,
        digest: image.digest ?? null,
        tags: image.tags,
        // Only what is in the pushed image (or would be, in a dry run): a refused plan was not applied.
        applied: ((0,src_result/* isApplied */.KN)(image) ? image.platforms : []).flatMap((p) => p.plan.swaps.map((s) => ({
            platform: p.platform,
            target: (0,rebase_types/* targetName */.j)(s.target),
            from: s.from.diffId,
            to: s.to.diffId,
            patchImage: (0,rewrite/* pinned */.dp)(s.patchImage.reference, s.patchImage.digest),
            source: s.patch.source.location,
        }))),
        // The vulnerabilities the reports say the image, every platform of it, no longer has (or would not).
        fixed: (0,src_result/* isApplied */.KN)(image) ? (image.vulnerabilities?.fixed ?? []).map((f) => f.id).sort() : [],
        // Who signed what the run pushed, and where each signature is (empty in a dry run).
        signed: image.signing?.stored.map((s) => ({ ...s, by: image.signing.by })) ?? [],
        error: image.error?.message ?? null,
    };
}
/** The `images` output: one compact entry per input image. */
function imagesOutput(result) {
    return JSON.stringify(result.images.map(imageEntry));
}
/**
 * The `matrix` output: the images that need patching (what a dry run planned, or a real run
 * patched), in shards of `shardSize`, ready for `strategy.matrix: ${{ fromJSON(...) }}`; then the images
 * that failed or were refused, in shards of their own: their patch job tries them again (a registry that
 * timed out may answer) and fails the workflow if they fail again, while every other shard is patched.
 */
function matrixOutput(result, shardSize) {
    const include = [];
    const shard = (images) => {
        for (let i = 0; i < images.length; i += shardSize)
            include.push({ shard: include.length + 1, images: images.slice(i, i + shardSize).join('\n') });
    };
    shard(result.images.filter(src_result/* isApplied */.KN).map((i) => i.input));
    if (!result.undo)
        shard(problemImages(result.images).map((i) => i.input));
    return JSON.stringify({ include });
}
/** The predicate type of the `predicate` output, for `actions/attest` (`predicate-type`). */
const PREDICATE_TYPE = 'https://github.com/layer-rebase/layer-rebase/applied-patches/v1';
/**
 * The `predicate` output's file: per pushed image, the patches that are in it (what, from which patch
 * image and source, old -> new diffID), for `actions/attest` to sign as a custom predicate.
 */
function renderPredicate(result, version) {
    return `${JSON.stringify({
        predicateType: PREDICATE_TYPE,
        tool: { name: 'layer-rebase', version },
        dryRun: result.dryRun,
        images: result.images.filter(src_result/* isApplied */.KN).map((image) => {
            const { input, status, result: ref, digest, tags, applied, fixed } = imageEntry(image);
            return { input, status, result: ref, digest, tags, applied, fixed };
        }),
    }, null, 2)}\n`;
}

// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
// EXTERNAL MODULE: ./src/run.ts + 18 modules
var run = __nccwpck_require__(54049);
// EXTERNAL MODULE: ./src/rebase/verified-cache.ts
var verified_cache = __nccwpck_require__(82609);
;// CONCATENATED MODULE: ./src/signing/sigstore-config.ts

const PUBLIC_GOOD = {
    name: 'public-good',
    fulcio: 'https://fulcio.sigstore.dev',
    rekor: [{ url: 'https://rekor.sigstore.dev', majorApiVersion: 1 }],
    tsa: [],
};
/** GitHub's instance for private repositories: no public log; a timestamp instead (actions/toolkit attest endpoints.ts). */
const GITHUB = {
    name: 'github',
    fulcio: 'https://fulcio.githubapp.com',
    rekor: [],
    tsa: ['https://timestamp.githubapp.com'],
};
const SIGNING_CONFIG_MEDIA_TYPE = 'application/vnd.dev.sigstore.signingconfig.v0.2+json';
function fail(where, key, why) {
    throw new errors/* UsageError */.eb(`SigningConfig ${where}${key ? ` at ${key}` : ''}: ${why}`);
}
/** http:// only for a loopback host (a test or a local deployment); anything else must be https. */
function checkUrl(where, key, value) {
    if (typeof value !== 'string')
        fail(where, key, 'must be a URL string');
    let url;
    try {
        url = new URL(value);
    }
    catch {
        fail(where, key, `"${value}" is not a URL`);
    }
    if (url.protocol === 'https:')
        return value.replace(/\/+$/, '');
    // Only names that never reach DNS: a `*.localhost` name is looked up like any other by Node.
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
    if (url.protocol === 'http:' && loopback)
        return value.replace(/\/+$/, '');
    return fail(where, key, `"${value}" must be https (http only for a loopback host)`);
}
/** The services valid now, the newest (latest start) first: a client takes the first valid ones. */
function valid(where, key, list, now) {
    if (list === undefined)
        return [];
    if (!Array.isArray(list))
        fail(where, key, 'must be a list');
    const start = (s) => typeof s.validFor?.start === 'string' ? Date.parse(s.validFor.start) || 0 : 0;
    return list
        .filter((s, i) => {
        if (typeof s !== 'object' || s === null)
            fail(where, `${key}[${i}]`, 'must be an object');
        const start = s.validFor?.start;
        const end = s.validFor?.end;
        if (typeof start === 'string' && new Date(start) > now)
            return false;
        if (typeof end === 'string' && new Date(end) <= now)
            return false;
        return true;
    })
        .sort((a, b) => start(b) - start(a));
}
/** How many of the listed services to use: ANY one, ALL, or EXACT count (the config's selector). */
function selected(where, key, config, available) {
    if (config === undefined || available === 0)
        return Math.min(available, 1);
    const { selector, count } = config;
    if (selector === 'ANY')
        return 1;
    if (selector === 'ALL')
        return available;
    if (selector === 'EXACT') {
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > available)
            fail(where, `${key}.count`, `must be an integer from 1 to the ${available} valid service(s), got ${String(count)}`);
        return count;
    }
    return fail(where, `${key}.selector`, `must be ANY, ALL or EXACT, got ${JSON.stringify(selector)}`);
}
function parseSigningConfig(text, where, now = new Date()) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (error) {
        return fail(where, '', `is not JSON (${error.message})`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        fail(where, '', 'must be a JSON object');
    if (doc.mediaType !== SIGNING_CONFIG_MEDIA_TYPE)
        fail(where, 'mediaType', `must be ${SIGNING_CONFIG_MEDIA_TYPE}, got ${JSON.stringify(doc.mediaType)}`);
    const cas = valid(where, 'caUrls', doc.caUrls, now);
    if (cas.length === 0)
        fail(where, 'caUrls', 'names no certificate authority valid now');
    const rekors = valid(where, 'rekorTlogUrls', doc.rekorTlogUrls, now);
    const tsas = valid(where, 'tsaUrls', doc.tsaUrls, now);
    const rekorCount = selected(where, 'rekorTlogConfig', doc.rekorTlogConfig, rekors.length);
    const tsaCount = selected(where, 'tsaConfig', doc.tsaConfig, tsas.length);
    const services = {
        name: where,
        fulcio: checkUrl(where, 'caUrls[0].url', cas[0].url),
        rekor: rekors.slice(0, rekorCount).map((r, i) => {
            const major = r.majorApiVersion ?? 1;
            if (major !== 1 && major !== 2)
                fail(where, `rekorTlogUrls[${i}].majorApiVersion`, `must be 1 or 2, got ${JSON.stringify(major)}`);
            return { url: checkUrl(where, `rekorTlogUrls[${i}].url`, r.url), majorApiVersion: major };
        }),
        tsa: tsas.slice(0, tsaCount).map((t, i) => checkUrl(where, `tsaUrls[${i}].url`, t.url)),
    };
    if (services.rekor.length === 0 && services.tsa.length === 0)
        fail(where, '', 'names neither a transparency log nor a timestamp authority valid now: a keyless signature needs one');
    return services;
}

// EXTERNAL MODULE: ./src/signing/attestations.ts
var attestations = __nccwpck_require__(57864);
;// CONCATENATED MODULE: ./src/signing/configure.ts





function parseSignatureFormat(name, value) {
    const v = value.trim().toLowerCase() || 'both';
    if (v === 'both')
        return ['bundle', 'legacy'];
    if (v === 'bundle' || v === 'legacy')
        return [v];
    throw new errors/* UsageError */.eb(`${name} must be bundle, legacy or both, got "${value}"`);
}
/** The run's signing, or undefined when `sign` is empty; every mistake is a usage error naming the input. */
async function signingOptions(inputs, names = ACTION_NAMES, environment) {
    const mode = inputs.sign.trim().toLowerCase();
    const formats = parseSignatureFormat(names.format, inputs.format);
    if (mode === '') {
        if (inputs.key)
            throw new errors/* UsageError */.eb(`${names.key} is set but ${names.sign} is empty: set ${names.sign} to key to sign with it`);
        if (inputs.attest)
            throw new errors/* UsageError */.eb(`${names.attest} needs ${names.sign}: attestations are signed by the same signer`);
        return undefined;
    }
    const options = await signer(mode, inputs, names, formats, environment);
    if (inputs.attest) {
        const env = environment?.env ?? process.env;
        const github = inputs.githubToken && env.GITHUB_REPOSITORY
            ? {
                github: {
                    api: env.GITHUB_API_URL ?? 'https://api.github.com',
                    repository: env.GITHUB_REPOSITORY,
                    token: inputs.githubToken,
                },
            }
            : {};
        options.attest = { ...(0,attestations/* runnerIdentity */.LF)(env), ...github };
    }
    return options;
}
async function signer(mode, inputs, names, formats, environment) {
    if (mode === 'key') {
        if (!inputs.key)
            throw new errors/* UsageError */.eb(`${names.sign} key needs ${names.key}: an ECDSA P-256 private key (cosign generate-key-pair), from a secret`);
        const logged = inputs.sigstore.trim();
        if (logged === 'public-good' || logged === 'github')
            throw new errors/* UsageError */.eb(`${names.sigstore} ${logged} is for keyless signing; with a key, name a Sigstore SigningConfig that has the transparency log or timestamp authority to record in (or leave ${names.sigstore} empty: no log, verify with cosign verify --key … --insecure-ignore-tlog)`);
        if (inputs.identityToken)
            throw new errors/* UsageError */.eb('--identity-token is for keyless signing; with a key it is not used');
        // Loaded only when signing: the key formats and bundle builders are no weight for other runs.
        const [{ loadSigningKey }, { KeySigner }] = await Promise.all([
            Promise.all(/* import() */[__nccwpck_require__.e(668), __nccwpck_require__.e(663)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6663)),
            Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(997)]).then(__nccwpck_require__.bind(__nccwpck_require__, 70997)),
        ]);
        const key = loadSigningKey(inputs.key.text, inputs.password, inputs.key.where, inputs.passwordFrom);
        if (!logged)
            return { signer: new KeySigner(key), formats };
        const env = environment ?? { env: process.env, cwd: process.cwd(), readFile: (p) => (0,promises_.readFile)(p, 'utf8') };
        const services = await sigstoreServices(logged, names, env);
        checkLegacyLog(formats, services, names);
        const { LoggedKeySigner } = await Promise.all(/* import() */[__nccwpck_require__.e(759), __nccwpck_require__.e(40), __nccwpck_require__.e(179), __nccwpck_require__.e(45)]).then(__nccwpck_require__.bind(__nccwpck_require__, 22045));
        return { signer: new LoggedKeySigner(key, services), formats };
    }
    if (mode === 'keyless') {
        if (inputs.key)
            throw new errors/* UsageError */.eb(`${names.key} is for ${names.sign} key; keyless signing uses the workflow's identity`);
        const env = environment ?? { env: process.env, cwd: process.cwd(), readFile: (p) => (0,promises_.readFile)(p, 'utf8') };
        const services = await sigstoreServices(inputs.sigstore, names, env);
        checkLegacyLog(formats, services, names);
        // Loaded only when used: the Sigstore client libraries are most of the signing code's weight.
        const { KeylessSigner, identityTokenFrom } = await Promise.all(/* import() */[__nccwpck_require__.e(759), __nccwpck_require__.e(40), __nccwpck_require__.e(179), __nccwpck_require__.e(45)]).then(__nccwpck_require__.bind(__nccwpck_require__, 22045));
        return { signer: new KeylessSigner(services, identityTokenFrom(env.env, inputs.identityToken)), formats };
    }
    throw new errors/* UsageError */.eb(`${names.sign} must be key or keyless (or empty), got "${inputs.sign}"`);
}
/**
 * cosign's legacy .sig carries a Rekor entry's signed timestamp, which Rekor v2 no longer gives (cosign
 * itself refuses legacy output with such a log): a verifier could not check it offline.
 */
function checkLegacyLog(formats, services, names) {
    if (formats.includes('legacy') && services.rekor.some((r) => r.majorApiVersion === 2))
        throw new errors/* UsageError */.eb(`${names.format} legacy needs a Rekor v1 log; ${services.name} names a Rekor v2 one: use ${names.format} bundle`);
}
async function sigstoreServices(value, names, environment) {
    const v = value.trim();
    if (v === '' || v === 'public-good')
        return PUBLIC_GOOD;
    if (v === 'github')
        return GITHUB;
    const path = (0,external_node_path_.resolve)(environment.cwd, v);
    let text;
    try {
        text = await environment.readFile(path);
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${names.sigstore} must be public-good, github or the path of a Sigstore SigningConfig JSON; ${v}: ${error.code ?? error.message}`);
    }
    return parseSigningConfig(text, v);
}
const ACTION_NAMES = {
    sign: 'input "sign"',
    attest: 'input "attest"',
    key: 'input "signing-key"',
    format: 'input "signature-format"',
    sigstore: 'input "sigstore"',
};
const CLI_NAMES = {
    sign: '--sign',
    attest: '--attest',
    key: '--signing-key',
    format: '--signature-format',
    sigstore: '--sigstore',
};

;// CONCATENATED MODULE: ./src/main.ts




















/**
 * After the push, what only reports (report files, summary, comment, cache save) is one warning line
 * when it fails: a successful patch is never turned into a failure, and the outputs stay set.
 */
async function reporting(what, fn) {
    try {
        await fn();
    }
    catch (error) {
        warning(forTheLog(`could not ${what}: ${(0,errors/* describeError */.Uc)(error).replace(/^internal error \(a bug in layer-rebase, please report it\): /, '')}`));
    }
}
/**
 * The action (what `@github/local-action` runs): inputs -> rebaseImages() -> outputs, report, job
 * summary, PR comment. The one top-level catch.
 */
async function main_run() {
    let outputsSet = false;
    try {
        const inputs = readInputs();
        // Secrets are masked before anything can print them: the key as a whole and line by line (a log
        // line holds one line of it), the password.
        const keyText = inputs.signing.key?.text ?? '';
        for (const secret of [
            keyText,
            ...keyText.split(/\r?\n/).filter((l) => !l.startsWith('-----')),
            inputs.signing.password,
        ])
            if (secret && secret.trim().length >= 4)
                for (const form of (0,secrets/* registerSecret */.cl)(secret))
                    setSecret(form);
        const signing = inputs.undo ? undefined : await signingOptions(inputs.signing);
        const cacheDir = (0,verified_cache/* defaultCacheDir */.$g)(process.env, 'action');
        // Verdicts on patch layers stay on a disk only this runner's jobs write: not on GitHub-hosted runners,
        // whose disk receives the Actions cache (src/action/actions-cache.ts), nor where the input says no.
        const verifiedCache = verdictsOnDisk(process.env, inputs.verifiedCache);
        let content;
        if (!inputs.undo)
            await reporting('restore the content cache', async () => {
                content = await restoreContent(cacheDir, actionLog);
            });
        const log = actionLog;
        const credentials = dockerConfigResolver({ log });
        if (inputs.verify) {
            await verifyRun(inputs.image, inputs.insecureRegistries, cacheDir, verifiedCache, credentials);
            return;
        }
        // What only one mode needs (undo, verify, VEX) is loaded when that mode is chosen, not at start.
        const result = inputs.undo
            ? await (await __nccwpck_require__.e(/* import() */ 797).then(__nccwpck_require__.bind(__nccwpck_require__, 82797))).undoImages({
                images: inputs.image,
                dryRun: inputs.dryRun,
                insecureRegistries: inputs.insecureRegistries,
                concurrency: inputs.concurrency,
                timeoutMs: inputs.timeoutMs,
                log,
                credentials,
            })
            : await (0,run/* rebaseImages */.Rz)({
                images: inputs.image,
                patches: inputs.patches,
                buildpacks: inputs.buildpacks,
                builders: inputs.builder,
                tags: inputs.tags,
                runImage: inputs.runImage,
                force: inputs.force,
                dryRun: inputs.dryRun,
                insecureRegistries: inputs.insecureRegistries,
                concurrency: inputs.concurrency,
                timeoutMs: inputs.timeoutMs,
                vulnerabilityReports: inputs.vulnerabilityReports,
                ...(inputs.requireFix ? { requireFix: inputs.requireFix } : {}),
                ...(signing ? { signing } : {}),
                cacheDir,
                verifiedCache,
                cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
                ...(process.env.GITHUB_WORKSPACE ? { workspace: process.env.GITHUB_WORKSPACE } : {}),
                log,
                credentials,
            });
        // Outputs first: they are what later steps read, and they do not depend on any file.
        setOutput('digest', result.images[0]?.digest ?? '');
        setOutput('changed', String(result.images.some((i) => i.changed)));
        setOutput('images', (0,secrets/* redact */.E$)(imagesOutput(result)));
        setOutput('matrix', matrixOutput(result, inputs.shardSize));
        outputsSet = true;
        await reporting('save the content cache', () => saveContent(cacheDir, content, actionLog));
        const url = runUrl();
        const context = url ? { runUrl: url } : {};
        // Outputs, report, summary and comment leave the runner's log masking behind: redact them here.
        await reporting('write the report files', async () => {
            const reportDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), 'layer-rebase-'));
            const reportPath = (0,external_node_path_.join)(reportDir, 'report.json');
            await (0,promises_.writeFile)(reportPath, (0,secrets/* redact */.E$)(renderReport(result)));
            setOutput('report', reportPath);
            const predicatePath = (0,external_node_path_.join)(reportDir, 'predicate.json');
            await (0,promises_.writeFile)(predicatePath, (0,secrets/* redact */.E$)(renderPredicate(result, version/* VERSION */.x)));
            setOutput('predicate', predicatePath);
            if (result.vulnerabilityReports) {
                const { renderVex } = await __nccwpck_require__.e(/* import() */ 683).then(__nccwpck_require__.bind(__nccwpck_require__, 57683));
                const vexPath = (0,external_node_path_.join)(reportDir, 'vex.json');
                await (0,promises_.writeFile)(vexPath, (0,secrets/* redact */.E$)(renderVex(result, version/* VERSION */.x)));
                setOutput('vex', vexPath);
            }
        });
        if (inputs.summary && process.env.GITHUB_STEP_SUMMARY) {
            await reporting('write the job summary', () => summary.addRaw((0,secrets/* redact */.E$)((0,markdown/* renderSummary */.Br)(result, context)), true).write());
        }
        if (inputs.githubToken)
            setSecret(inputs.githubToken);
        const key = commentKey(inputs.commentKey, inputs.image);
        await reporting('write the pull-request comment', () => upsertPlanComment(inputs.comment, inputs.githubToken, (0,secrets/* redact */.E$)(renderComment(result, { key, ...context })), commentMarker(key)));
        const problems = problemImages(result.images);
        if (problems.length > 0) {
            const message = (0,secrets/* redact */.E$)(`${problems.length} of ${result.images.length} image(s) not ${result.undo ? 'restored' : 'patched'}:\n${problems.map((i) => `- ${(0,markdown/* problemLine */.YK)(i)}`).join('\n')}`);
            // fail-on: none (a fan-out plan job) says it as loudly, but the step succeeds: the matrix carries them on.
            if (failingImages(result.images, inputs.failOn).length > 0)
                setFailed(forTheLog(message));
            else
                warning(forTheLog(`${message}\n(fail-on: ${inputs.failOn.join(', ') || 'none'}, so the step does not fail for ${problems.length === 1 ? 'it' : 'them'})`));
        }
    }
    catch (error) {
        // Expected errors carry a full message; anything else is a bug and keeps its stack.
        const message = (0,secrets/* redact */.E$)((0,errors/* describeError */.Uc)(error, { stackForBugs: true }));
        if (!outputsSet)
            await stoppedRun(message);
        setFailed(forTheLog(message));
    }
}
/** `verify: true`: each image against what it records; the step fails with the first difference. */
async function verifyRun(images, insecureRegistries, cacheDir, 
/** Verdicts on patch layers kept on this disk (the content cache is used either way). */
verifiedCache, credentials) {
    if (images.length === 0)
        throw new errors/* UsageError */.eb('no image given: set the "image" input (one reference per line)');
    const [{ verifyImage }, { firstProblem, renderVerifySummary, renderVerifyText }] = await Promise.all([
        __nccwpck_require__.e(/* import() */ 66).then(__nccwpck_require__.bind(__nccwpck_require__, 84066)),
        __nccwpck_require__.e(/* import() */ 229).then(__nccwpck_require__.bind(__nccwpck_require__, 19229)),
    ]);
    const results = [];
    for (const image of images)
        results.push(await verifyImage({
            image,
            all: false,
            insecureRegistries: (0,run/* registryHosts */.j$)(insecureRegistries),
            cacheDir,
            verifiedCache,
            log: actionLog,
            credentials,
        }));
    setOutput('verified', String(results.every((r) => r.reproduced)));
    for (const r of results)
        info(forTheLog(renderVerifyText(r)));
    if (process.env.GITHUB_STEP_SUMMARY)
        await reporting('write the job summary', () => summary.addRaw((0,secrets/* redact */.E$)(renderVerifySummary(results)), true).write());
    const failed = results.filter((r) => !r.reproduced);
    if (failed.length > 0)
        setFailed(forTheLog(`${failed.length} of ${results.length} image(s) not reproduced from their recorded patches:\n${failed.map((r) => `- ${r.image}: ${firstProblem(r)}`).join('\n')}`));
}
/**
 * A run that stopped before it had a result (a patch file that cannot be read, a usage mistake): the
 * outputs are set all the same (no image, nothing changed), and the job summary says what stopped it.
 */
async function stoppedRun(message) {
    setOutput('digest', '');
    setOutput('changed', 'false');
    setOutput('images', '[]');
    setOutput('matrix', JSON.stringify({ include: [] }));
    if (process.env.GITHUB_STEP_SUMMARY && getInput('summary').trim().toLowerCase() !== 'false')
        await reporting('write the job summary', () => summary.addRaw((0,markdown/* renderStopped */.cy)(message), true).write());
}


/***/ }),

/***/ 75025:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ once)
/* harmony export */ });
/**
 * The first call for a key starts the work; every later call for that key shares its promise (a
 * failure included), so a fleet reads each patch image, layer or file once per run. A failure that
 * is a timeout is forgotten: it may belong to one image's time limit, and the next image tries again.
 */
function once(cache, key, start) {
    let pending = cache.get(key);
    if (!pending) {
        pending = start();
        cache.set(key, pending);
        const mine = pending;
        mine.catch((error) => {
            const code = error.code ?? '';
            if ((code === 'timeout' || code === 'registry-timeout') && cache.get(key) === mine)
                cache.delete(key);
        });
    }
    return pending;
}


/***/ }),

/***/ 28237:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ tooDeep),
/* harmony export */   M1: () => (/* binding */ MAX_NESTING)
/* harmony export */ });
/* unused harmony export nestingDepth */
/** Documents we read (patch files, labels) never need more nesting than this. */
const MAX_NESTING = 64;
/**
 * The deepest `{`/`[` nesting of a JSON or TOML text, strings skipped, in one linear pass without
 * recursion: checked before parsing, so that a document nested 100,000 deep is refused by name
 * instead of exhausting the stack of a recursive parser or of our own walkers.
 */
function nestingDepth(text) {
    let depth = 0;
    let max = 0;
    let quote = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === '\\' && quote === '"')
                i++;
            else if (c === quote)
                quote = '';
            continue;
        }
        if (c === '"' || c === "'")
            quote = c;
        else if (c === '{' || c === '[') {
            depth++;
            if (depth > max)
                max = depth;
        }
        else if (c === '}' || c === ']')
            depth = Math.max(0, depth - 1);
        else if (c === '#') {
            // A TOML comment runs to the end of the line (JSON has no `#` outside strings).
            const end = text.indexOf('\n', i);
            i = end < 0 ? text.length : end;
        }
    }
    return max;
}
function tooDeep(text, max = MAX_NESTING) {
    return nestingDepth(text) > max;
}


/***/ }),

/***/ 34164:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iZ: () => (/* binding */ decodeHashed),
  Rs: () => (/* binding */ gzipDeterministic),
  qd: () => (/* binding */ layerDecoder),
  dA: () => (/* binding */ readLayerTar)
});

// UNUSED EXPORTS: canReadLayer, decodeError, streamUncompressed

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __nccwpck_require__(78877);
;// CONCATENATED MODULE: external "node:vm"
const external_node_vm_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __nccwpck_require__(46466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(38522);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
;// CONCATENATED MODULE: ./src/oci/stream-stages.ts

/**
 * Calls `see` on each chunk one turn of the event loop after it arrives, then passes it on. zlib
 * issues its next block to the thread pool only after the push of the last one returns: seen
 * synchronously (the SHA-256 of what it produced), hashing and inflating take turns; deferred, they
 * overlap.
 */
function deferredTap(see, highWaterMark) {
    return new external_node_stream_.Transform({
        writableHighWaterMark: highWaterMark,
        transform(chunk, _encoding, done) {
            setImmediate(() => {
                try {
                    see(chunk);
                }
                catch (error) {
                    done(error);
                    return;
                }
                done(null, chunk);
            });
        },
    });
}
/**
 * `decoder` fed its input in blocks of `size` bytes (the last may be smaller), as one stream. Fed
 * network-sized chunks (16–64 KiB), zlib makes one trip to the thread pool and back per chunk and waits
 * on the main thread between trips; fed larger blocks, a quarter as many trips or fewer. The blocks are
 * two or three buffers used over and over, each back in the pool once the decoder's write callback says
 * it consumed it: a new block each time is memory V8 gives back only when it collects the block, and a
 * long copy held tens of MiB of dead ones at its peak. A chunk that comes when no block is being
 * filled and is a block's size or more goes to the decoder as it is.
 */
function blockFed(size, decoder) {
    const free = [];
    let block;
    let filled = 0;
    const feeder = new external_node_stream_.Writable({
        highWaterMark: size,
        write(chunk, _encoding, done) {
            if (filled === 0 && chunk.length >= size) {
                if (decoder.write(chunk))
                    done();
                else
                    decoder.once('drain', () => done());
                return;
            }
            let at = 0;
            const step = () => {
                while (at < chunk.length) {
                    block ??= free.pop() ?? Buffer.allocUnsafeSlow(size);
                    const n = chunk.copy(block, filled, at);
                    at += n;
                    filled += n;
                    if (filled === size) {
                        const full = block;
                        block = undefined;
                        filled = 0;
                        // Back in the pool only once the decoder has consumed it.
                        if (!decoder.write(full, () => free.push(full))) {
                            decoder.once('drain', step);
                            return;
                        }
                    }
                }
                done();
            };
            step();
        },
        final(done) {
            if (filled > 0)
                decoder.write(block.subarray(0, filled));
            block = undefined;
            decoder.end();
            done();
        },
    });
    return external_node_stream_.Duplex.from({ writable: feeder, readable: decoder });
}

// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
;// CONCATENATED MODULE: ./src/oci/compression.ts









/** Compressed bytes go to the decompressor in blocks of this size, and come out in chunks of this size. */
const DECODE_BLOCK = 256 << 10;
const DECODED_CHUNK = 1 << 20;
/**
 * 1 MiB out per call, not zlib's 16 KiB: each call is a hop to the thread pool and back (a 512 MiB
 * layer made 32 768 of them; inflate is what paces a cold copy across registries). A block queued
 * behind the one being inflated is issued the moment that one is done (zlib passes stream options
 * on to its Transform; @types/node does not list them).
 */
const DECODER_OPTIONS = { chunkSize: DECODED_CHUNK, writableHighWaterMark: DECODE_BLOCK };
/**
 * Every 1 MiB block the decoder produced is dead once hashed and read, but its memory comes back only
 * when V8 collects the ArrayBuffer, and the little JavaScript a copy runs starts a young collection
 * only every ~10 MiB of blocks: a 512 MiB layer held tens of MiB of dead blocks at its peak. A young
 * collection every 4 MiB decoded (well under a millisecond with the 1 MiB young generation of
 * runtime-flags.ts) frees them while they are young. `gc` is taken from a context of its own at the
 * first decode, with the flag that exposes it turned off again at once: no other context or worker
 * gets it. Only a hint: where it cannot be had, no collection is forced, and nothing fails.
 */
const COLLECT_EVERY = 4 << 20;
let collectYoung;
let decodedSinceCollect = 0;
function exposedGc() {
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        const gc = (0,external_node_vm_namespaceObject.runInNewContext)('typeof gc === "function" ? gc : null');
        return typeof gc === 'function' ? gc : null;
    }
    catch {
        return null;
    }
    finally {
        (0,external_node_v8_.setFlagsFromString)('--no-expose-gc');
    }
}
function collectNow(decoded) {
    decodedSinceCollect += decoded;
    if (decodedSinceCollect < COLLECT_EVERY)
        return;
    decodedSinceCollect = 0;
    if (collectYoung === undefined)
        collectYoung = exposedGc();
    try {
        collectYoung?.({ type: 'minor' });
    }
    catch {
        collectYoung = null;
    }
}
/** Node 22.15+ and 24 (the action's runtime) decode zstd; Node 20 does not. */
const zstdDecompress = external_node_zlib_.createZstdDecompress;
/** How to get a layer's tar back: a decompressor, 'none' for plain tar, undefined when this Node cannot. */
function layerDecoder(mediaType) {
    switch ((0,media_types/* layerEncoding */.Zt)(mediaType)) {
        case 'gzip':
        case 'foreign-gzip':
            return () => external_node_zlib_.createGunzip(DECODER_OPTIONS);
        case 'tar':
        case 'nondistributable-tar':
            return 'none';
        case 'zstd':
            return zstdDecompress ? () => zstdDecompress(DECODER_OPTIONS) : undefined;
        default:
            return undefined;
    }
}
/** Whether this runtime can read a layer's tar: gzip, uncompressed, and zstd where Node has a decoder. */
function canReadLayer(mediaType) {
    return layerDecoder(mediaType) !== undefined;
}
/** Streams a layer's uncompressed bytes into `onChunk` and returns their sha256: the layer's diffID. */
async function streamUncompressed(store, layer, onChunk) {
    const decoder = layerDecoder(layer.mediaType);
    if (decoder === undefined) {
        throw new errors/* LayerRebaseError */.wN('unsupported-media-type', `${store.name}: cannot read layer ${layer.digest} (${layer.mediaType}) with Node ${process.versions.node}`);
    }
    const sink = new external_node_stream_.Writable({
        write(chunk, _encoding, done) {
            try {
                onChunk(chunk);
                done();
            }
            catch (error) {
                done(error);
            }
        },
    });
    return decodeHashed(await store.getBlob(layer), store, layer, decoder, sink);
}
/**
 * Decodes a layer's compressed bytes into `sink`, hashing the uncompressed bytes on the way, and
 * returns that hash: the diffID. A decoder's complaint names the blob and its media type.
 */
async function decodeHashed(blob, store, layer, decoder, sink) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    try {
        if (decoder === 'none') {
            const tap = new external_node_stream_.Transform({
                transform(chunk, _encoding, done) {
                    hash.update(chunk);
                    done(null, chunk);
                },
            });
            await (0,promises_.pipeline)(blob, tap, sink);
        }
        else {
            // The decompressor works on the thread pool while the main thread hashes and reads the tar.
            const hashed = deferredTap((chunk) => {
                hash.update(chunk);
                collectNow(chunk.length);
            }, DECODED_CHUNK);
            await (0,promises_.pipeline)(blob, blockFed(DECODE_BLOCK, decoder()), hashed, sink);
        }
    }
    catch (error) {
        throw decodeError(store, layer, error);
    }
    return `sha256:${hash.digest('hex')}`;
}
/** Reads a layer's uncompressed tar into memory, refusing more than `limit` bytes (gzip bombs) and a wrong diffID. */
async function readLayerTar(store, layer, diffId, limit) {
    const chunks = [];
    let total = 0;
    const actual = await streamUncompressed(store, layer, (chunk) => {
        total += chunk.length;
        if (total > limit) {
            throw new errors/* LayerRebaseError */.wN('layer-too-large', `${store.name}: layer ${layer.digest} uncompresses to more than ${limit} bytes; refusing to read it`);
        }
        chunks.push(chunk);
    });
    if (actual !== diffId)
        throw new errors/* DigestMismatchError */.h(diffId, actual, `diffID of layer ${layer.digest} in ${store.name}`);
    return Buffer.concat(chunks, total);
}
/**
 * gzip with a fixed header (no name, mtime 0, OS "unknown"), so the same tar gives the same blob on
 * every machine: Node writes the host OS into byte 9, which would differ between runners.
 */
function gzipDeterministic(tar) {
    const gz = external_node_zlib_.gzipSync(tar, { level: 9 });
    gz[4] = gz[5] = gz[6] = gz[7] = 0;
    gz[9] = 0xff;
    return gz;
}
/** A decompressor's complaint ("incorrect header check") names the blob and its media type. */
function decodeError(store, layer, error) {
    if (error instanceof errors/* LayerRebaseError */.wN)
        return error;
    const code = error.code ?? '';
    if (code.startsWith('Z_') ||
        /header check|invalid (block|distance|stored)|unexpected end/i.test(error.message)) {
        return new errors/* LayerRebaseError */.wN('invalid-layer', `${store.name}: layer ${layer.digest} cannot be decompressed as its media type ${layer.mediaType} says: ${error.message}`, { cause: error });
    }
    return new errors/* LayerRebaseError */.wN('invalid-layer', `${store.name}: layer ${layer.digest} (${layer.mediaType}) cannot be read: ${error.message}`, { cause: error });
}


/***/ }),

/***/ 5335:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ configText),
/* harmony export */   Z: () => (/* binding */ loadConfig)
/* harmony export */ });
/* harmony import */ var _content_cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(59003);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(49800);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3048);



/** The text each loaded config was parsed from: a rewrite keeps what it does not change byte for byte. */
const texts = new WeakMap();
function configText(config) {
    return texts.get(config);
}
/** Reads and validates an image's config blob (size-capped, digest-verified). */
async function loadConfig(store, manifest, where, 
/** Kept between runs (patch images: the same bytes every night). */
cache = _content_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .noContentCache */ .De) {
    const { digest, size } = manifest.config;
    const { bytes } = await (0,_content_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .throughCache */ .AT)(cache, digest, { digest, size }, () => (0,_store_js__WEBPACK_IMPORTED_MODULE_1__/* .readBlob */ .gm)(store, manifest.config, _types_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_CONFIG_BYTES */ .GW));
    const config = (0,_types_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageConfig */ .FB)(bytes, `${where} config ${manifest.config.digest}`);
    texts.set(config, bytes.toString('utf8'));
    return config;
}


/***/ }),

/***/ 59003:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ throughCache),
/* harmony export */   De: () => (/* binding */ noContentCache),
/* harmony export */   Z4: () => (/* binding */ diskContentCache)
/* harmony export */ });
/* unused harmony export MAX_CONTENT_ENTRY_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(59148);





/** Larger blobs are read from the registry every time: the cache stays small on a runner's disk. */
const MAX_CONTENT_ENTRY_BYTES = 8 * 1024 * 1024;
const VERSION = 1;
const noContentCache = {
    get: async () => undefined,
    put: async () => { },
};
function diskContentCache(root) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, `content-v${VERSION}`);
    const pathOf = (key) => (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(key).digest('hex'));
    return {
        async get(key, expected) {
            const cap = Math.min(MAX_CONTENT_ENTRY_BYTES, expected.size ?? MAX_CONTENT_ENTRY_BYTES);
            const bytes = await readUpTo(pathOf(key), cap).catch(() => undefined);
            if (!bytes)
                return undefined;
            if (expected.size !== undefined && bytes.length !== expected.size)
                return undefined;
            const actual = `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
            return actual === expected.digest ? bytes : undefined;
        },
        async put(key, bytes) {
            if (bytes.length > MAX_CONTENT_ENTRY_BYTES)
                return;
            try {
                await (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomically */ .lo)(pathOf(key), bytes);
            }
            catch {
                // A cache that cannot be written only costs a fetch next time.
            }
        },
    };
}
/**
 * A regular file's bytes when there are at most `cap` of them; undefined for anything larger or
 * that is not a regular file (a FIFO, a device, a directory planted under the entry's name). The
 * size is checked before reading, and no more than `cap + 1` bytes are ever read (a file that grows
 * meanwhile is a miss): a planted multi-gigabyte file costs nothing.
 */
async function readUpTo(path, cap) {
    // O_NONBLOCK: opening a planted FIFO must not wait for a writer (no effect on a regular file).
    const file = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK ?? 0));
    try {
        const stat = await file.stat();
        if (!stat.isFile() || stat.size > cap)
            return undefined;
        const buffer = Buffer.alloc(stat.size + 1);
        let length = 0;
        while (length < buffer.length) {
            const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
            if (bytesRead === 0)
                break;
            length += bytesRead;
        }
        return length > stat.size ? undefined : buffer.subarray(0, length);
    }
    finally {
        await file.close();
    }
}
/**
 * `fetch()`'s answer through the cache: bytes that hash to `expected` come from disk; otherwise they
 * are fetched (the fetch verifies them as it always does) and kept for the next run.
 */
async function throughCache(cache, key, expected, fetch) {
    const known = await cache.get(key, expected);
    if (known)
        return { bytes: known, cached: true };
    const bytes = await fetch();
    await cache.put(key, bytes);
    return { bytes, cached: false };
}


/***/ }),

/***/ 68825:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   Do: () => (/* binding */ DigestVerifier),
/* harmony export */   RV: () => (/* binding */ verifyBytes),
/* harmony export */   SG: () => (/* binding */ markVerified),
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   sc: () => (/* binding */ sha256),
/* harmony export */   vd: () => (/* binding */ verifiedDigest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(83916);



const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
const OTHER_ALGORITHMS = /^(sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
function isDigest(value) {
    return typeof value === 'string' && DIGEST_PATTERN.test(value);
}
function parseDigest(value, where, key = 'digest') {
    if (isDigest(value))
        return value;
    if (typeof value === 'string' && OTHER_ALGORITHMS.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .FormatError */ .IF(where, key, value, 'only sha256 digests are supported');
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .FormatError */ .IF(where, key, value, 'expected a digest of the form sha256:<64 lowercase hex digits>');
}
function sha256(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
function shortDigest(digest) {
    const i = digest.indexOf(':');
    return i >= 0 ? digest.slice(i + 1, i + 13) : digest.slice(0, 12);
}
/** Checks bytes already in memory against the digest they were asked for. */
function verifyBytes(bytes, expected, where) {
    const actual = sha256(bytes);
    if (actual !== expected)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DigestMismatchError */ .h(expected, actual, where);
}
const VERIFIED = Symbol('verified digest');
/**
 * Marks a stream that ends only after the bytes it carried hashed to `digest`, and errors
 * otherwise (a DigestVerifier, or a faithful copy of one's output): its consumer need not hash
 * them again.
 */
function markVerified(stream, digest) {
    stream[VERIFIED] = digest;
    return stream;
}
/** The digest a stream is known to be verified against before it ends, if any. */
function verifiedDigest(stream) {
    if (stream instanceof DigestVerifier)
        return stream.expected;
    return stream[VERIFIED];
}
/**
 * A pass-through stream that hashes what flows through it and fails at the end when the digest
 * (or the size, when known) is not the expected one, so that a consumer never treats a corrupt
 * blob as complete.
 */
class DigestVerifier extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    expected;
    where;
    expectedSize;
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    bytes = 0;
    constructor(expected, where, expectedSize) {
        super();
        this.expected = expected;
        this.where = where;
        this.expectedSize = expectedSize;
    }
    _transform(chunk, _enc, done) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        if (this.expectedSize !== undefined && this.bytes > this.expectedSize) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DigestMismatchError */ .h(`${this.expectedSize} bytes`, `more than ${this.expectedSize} bytes`, this.where));
            return;
        }
        done(null, chunk);
    }
    _flush(done) {
        const actual = `sha256:${this.hash.digest('hex')}`;
        this.actual = actual;
        if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DigestMismatchError */ .h(`${this.expectedSize} bytes`, `${this.bytes} bytes`, this.where));
            return;
        }
        if (this.expected !== undefined && actual !== this.expected) {
            done(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DigestMismatchError */ .h(this.expected, actual, this.where));
            return;
        }
        done();
    }
    /** Set once the stream has ended. */
    actual;
    get size() {
        return this.bytes;
    }
}


/***/ }),

/***/ 29217:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   $T: () => (/* binding */ MANIFEST_MEDIA_TYPES),
/* harmony export */   Ap: () => (/* binding */ familyOf),
/* harmony export */   Zt: () => (/* binding */ layerEncoding),
/* harmony export */   d6: () => (/* binding */ isImageManifestMediaType),
/* harmony export */   xy: () => (/* binding */ layerMediaTypeFor),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);

const MediaType = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
    ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
    ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
};
const MANIFEST_MEDIA_TYPES = [
    MediaType.ociManifest,
    MediaType.ociIndex,
    MediaType.dockerManifest,
    MediaType.dockerManifestList,
];
function isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function isImageManifestMediaType(mediaType) {
    return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}
function familyOf(manifestMediaType) {
    switch (manifestMediaType) {
        case MediaType.ociManifest:
        case MediaType.ociIndex:
            return 'oci';
        case MediaType.dockerManifest:
        case MediaType.dockerManifestList:
            return 'docker';
        default:
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .LayerRebaseError */ .wN('unsupported-media-type', `unsupported manifest media type "${manifestMediaType}"`);
    }
}
const LAYER_ENCODINGS = {
    [MediaType.ociLayerGzip]: 'gzip',
    [MediaType.dockerLayerGzip]: 'gzip',
    [MediaType.ociLayer]: 'tar',
    [MediaType.ociLayerZstd]: 'zstd',
    [MediaType.dockerForeignLayerGzip]: 'foreign-gzip',
    [MediaType.ociLayerNondistributableGzip]: 'foreign-gzip',
    [MediaType.ociLayerNondistributable]: 'nondistributable-tar',
};
function layerEncoding(mediaType) {
    return LAYER_ENCODINGS[mediaType];
}
const SPELLING = {
    oci: {
        gzip: MediaType.ociLayerGzip,
        tar: MediaType.ociLayer,
        zstd: MediaType.ociLayerZstd,
        'foreign-gzip': MediaType.ociLayerNondistributableGzip,
        'nondistributable-tar': MediaType.ociLayerNondistributable,
    },
    // Docker schema 2 can only say "gzip tar" (and its foreign variant); anything else is OCI-only.
    docker: {
        gzip: MediaType.dockerLayerGzip,
        'foreign-gzip': MediaType.dockerForeignLayerGzip,
    },
};
/**
 * The media type a layer must carry inside a manifest of `family`. Identical bytes, different
 * spelling: a gzip OCI layer in a Docker manifest becomes the Docker gzip type.
 */
function layerMediaTypeFor(mediaType, family) {
    const encoding = layerEncoding(mediaType);
    if (encoding === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .LayerRebaseError */ .wN('unsupported-media-type', `unsupported layer media type "${mediaType}"`);
    }
    const spelled = SPELLING[family][encoding];
    if (spelled === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .LayerRebaseError */ .wN('unsupported-media-type', `a ${encoding} layer ("${mediaType}") cannot be expressed in a ${family === 'docker' ? 'Docker schema 2' : 'OCI'} manifest`);
    }
    return spelled;
}


/***/ }),

/***/ 62148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   _M: () => (/* binding */ repositoryOf),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   hQ: () => (/* binding */ withDigest),
/* harmony export */   nz: () => (/* binding */ apiHost)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);


const DOCKER_HUB = 'docker.io';
const DEFAULT_TAG = 'latest';
// The docker/distribution reference grammar, one rule per constant.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = new RegExp(`^${ALNUM}(?:${SEPARATOR}${ALNUM})*$`);
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[a-fA-F0-9:.]+\]$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;
function splitDigest(input, text) {
    const at = text.indexOf('@');
    if (at < 0)
        return { rest: text };
    const digest = text.slice(at + 1);
    if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(digest))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `"${digest}" is not a sha256 digest`);
    return { rest: text.slice(0, at), digest };
}
function splitTag(input, text) {
    const colon = text.lastIndexOf(':');
    // A colon before the last slash belongs to a registry port, not a tag.
    if (colon < 0 || colon < text.lastIndexOf('/'))
        return { rest: text };
    const tag = text.slice(colon + 1);
    if (!TAG.test(tag))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `invalid tag "${tag}"`);
    return { rest: text.slice(0, colon), tag };
}
/**
 * What is wrong with a repository path component (`shown` as written), naming the character when one is
 * not allowed at all (`"app!": "!" is not allowed …`); undefined when it is valid.
 */
function componentProblem(component, shown = component) {
    if (PATH_COMPONENT.test(component))
        return undefined;
    const bad = /[^a-z0-9._-]/.exec(component);
    const invalid = `invalid repository path component "${shown}"`;
    return bad
        ? `${invalid}: ${JSON.stringify(bad[0])} is not allowed (lowercase letters and digits, separated by ".", "_", "__" or "-")`
        : invalid;
}
function isDomain(component) {
    return (component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component));
}
function validateDomain(input, domain) {
    let host = domain;
    let port;
    if (host.startsWith('[')) {
        const end = host.indexOf(']');
        port = host.slice(end + 1).replace(/^:/, '') || undefined;
        host = host.slice(0, end + 1);
        if (!IPV6.test(host))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `invalid registry host "${domain}"`);
    }
    else {
        const colon = host.indexOf(':');
        if (colon >= 0) {
            port = host.slice(colon + 1);
            host = host.slice(0, colon);
        }
        if (!host.split('.').every((c) => DOMAIN_COMPONENT.test(c))) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `invalid registry host "${domain}"`);
        }
    }
    if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `invalid registry port in "${domain}"`);
    }
}
function parseReference(input) {
    const text = input.trim();
    if (text === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, 'empty reference');
    if (text.startsWith('oci:'))
        return parseLayoutReference(input, text.slice(4));
    // The common mistakes, each answered with what to write instead.
    const transport = /^(docker|docker-daemon|containers-storage|oci-archive|docker-archive):\/{0,2}/.exec(text);
    if (transport) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, transport[1] === 'docker'
            ? `drop the "${transport[0]}" prefix: write ${text.slice(transport[0].length)}`
            : `${transport[1]}: is a skopeo transport this tool does not read; use a registry reference or oci:<dir>[:<tag>]`);
    }
    // A registry URL pasted from a browser: an image reference has no scheme.
    const scheme = /^https?:\/\//i.exec(text);
    if (scheme) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `drop the "${scheme[0]}" scheme: write ${text.slice(scheme[0].length).replace(/\/+$/, '')}`);
    }
    if (/^(\.{1,2}(\/|$)|\/|~)/.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `this is a path; for an OCI image layout directory write oci:${text}[:<tag>]`);
    }
    const { rest: withoutDigest, digest } = splitDigest(input, text);
    const { rest: name, tag } = splitTag(input, withoutDigest);
    if (name === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, 'missing repository name');
    const slash = name.indexOf('/');
    let registry = DOCKER_HUB;
    let path = name;
    let host = '';
    if (slash >= 0 && isDomain(name.slice(0, slash))) {
        host = name.slice(0, slash + 1);
        registry = name.slice(0, slash);
        path = name.slice(slash + 1);
        validateDomain(input, registry);
    }
    if (registry === 'index.docker.io' || registry === 'registry-1.docker.io')
        registry = DOCKER_HUB;
    if (registry === DOCKER_HUB && !path.includes('/'))
        path = `library/${path}`;
    if (/[A-Z]/.test(path)) {
        // The same reference with the repository in lower case (host, tag and digest as written), suggested
        // only when that is itself valid: `App!` lowercased is still wrong, and the reason is the `!`.
        const problem = path
            .split('/')
            .map((c) => componentProblem(c.toLowerCase(), c))
            .find(Boolean);
        if (problem)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `repository name must be lowercase, and ${problem}`);
        if (registry.length + 1 + path.length > MAX_NAME_LENGTH)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `repository name must be lowercase, and is longer than ${MAX_NAME_LENGTH} characters`);
        const lower = `${host}${name.slice(host.length).toLowerCase()}${text.slice(name.length)}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `repository name must be lowercase: write ${lower}`);
    }
    for (const component of path.split('/')) {
        const problem = componentProblem(component);
        if (problem)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, problem);
    }
    if (registry.length + 1 + path.length > MAX_NAME_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `repository name longer than ${MAX_NAME_LENGTH} characters`);
    }
    const ref = { kind: 'registry', registry, repository: path };
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    if (tag === undefined && digest === undefined) {
        ref.tag = DEFAULT_TAG;
        ref.defaultTag = true;
    }
    return ref;
}
/** `oci:<dir>[:<tag>]` and `oci:<dir>@sha256:…`. The directory may itself contain colons only before the last slash. */
function parseLayoutReference(input, body) {
    const { rest, digest } = splitDigest(input, body);
    let dir = rest;
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon >= 0 && colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        dir = rest.slice(0, colon);
        if (!TAG.test(tag))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, `invalid tag "${tag}"`);
    }
    if (dir === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InvalidReferenceError */ .x_(input, 'missing OCI layout directory');
    const ref = { kind: 'layout', dir };
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    if (tag === undefined && digest === undefined) {
        ref.tag = DEFAULT_TAG;
        ref.defaultTag = true;
    }
    return ref;
}
/** The canonical text: `docker.io/library/node:22`, `oci:/tmp/dir:tag`. */
function formatReference(ref) {
    const base = ref.kind === 'registry' ? `${ref.registry}/${ref.repository}` : `oci:${ref.dir}`;
    return `${base}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
/** The repository (or layout directory) a reference points into, without tag or digest. */
function repositoryOf(ref) {
    return ref.kind === 'registry' ? `${ref.registry}/${ref.repository}` : `oci:${ref.dir}`;
}
function withDigest(ref, digest) {
    const out = { ...ref, digest };
    delete out.tag;
    return out;
}
/** The host to talk HTTP to: Docker Hub's API lives on registry-1.docker.io. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}
/** Loopback hosts speak plain HTTP by default, as docker and go-containerregistry allow. */
function isLoopbackHost(registry) {
    const host = registry.startsWith('[')
        ? registry.slice(0, registry.indexOf(']') + 1)
        : registry.split(':')[0];
    return (host === 'localhost' ||
        host === '[::1]' ||
        /^127\.\d+\.\d+\.\d+$/.test(host) ||
        host.endsWith('.localhost'));
}


/***/ }),

/***/ 80221:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EF: () => (/* binding */ readCapped),
/* harmony export */   P9: () => (/* binding */ retryAfter),
/* harmony export */   Zt: () => (/* binding */ STATUS_TEXT),
/* harmony export */   dg: () => (/* binding */ isTransient),
/* harmony export */   kL: () => (/* binding */ isTimeout),
/* harmony export */   lP: () => (/* binding */ explainMessage),
/* harmony export */   n8: () => (/* binding */ summariseBody),
/* harmony export */   o3: () => (/* binding */ kindOfStatus),
/* harmony export */   uq: () => (/* binding */ kindOfFailure),
/* harmony export */   wx: () => (/* binding */ header)
/* harmony export */ });
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(86683);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);


function header(headers, name) {
    const v = headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
}
const STATUS_TEXT = {
    400: 'bad request',
    401: 'authentication required',
    403: 'access denied',
    404: 'not found',
    405: 'operation not supported by this registry',
    411: 'length required',
    413: 'payload too large',
    415: 'unsupported media type',
    416: 'range not satisfiable',
    429: 'too many requests',
    500: 'internal server error',
    501: 'not implemented',
    502: 'bad gateway',
    503: 'service unavailable',
};
function kindOfStatus(status) {
    if (status === undefined)
        return 'network';
    if (status === 401)
        return 'auth';
    if (status === 403)
        return 'denied';
    if (status === 404)
        return 'not-found';
    if (status === 429)
        return 'rate-limited';
    if (status >= 500)
        return 'server';
    return 'protocol';
}
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CLOSED',
    'LR_DEADLINE',
]);
function isTransient(error) {
    const code = error.code ?? '';
    return (TRANSIENT_CODES.has(code) || /other side closed|socket hang up/i.test(error.message ?? ''));
}
const TIMEOUT_CODES = new Set([
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'LR_DEADLINE',
]);
function isTimeout(error) {
    return error instanceof _deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .ImageTimeoutError */ .Df || TIMEOUT_CODES.has(error.code ?? '');
}
function kindOfFailure(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl)
        return error.kind;
    return isTimeout(error) ? 'timeout' : 'network';
}
/** A RegistryError's message without its "operation target: " prefix. */
function explainMessage(error) {
    const prefix = `${error.operation} ${error.repository ? `${error.registry}/${error.repository}` : error.registry}: `;
    return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`. */
function retryAfter(value, now) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
async function readCapped(body, limit) {
    const chunks = [];
    let total = 0;
    for await (const chunk of body) {
        const buf = chunk;
        if (total + buf.length > limit) {
            chunks.push(buf.subarray(0, limit - total));
            body.destroy();
            break;
        }
        chunks.push(buf);
        total += buf.length;
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** `CODE: message (detail)` for each of the registry's `errors[]`, or the start of a plain-text body. */
function summariseBody(text, codes = []) {
    const trimmed = text.trim();
    if (!trimmed)
        return '';
    try {
        const parsed = JSON.parse(trimmed);
        if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
            return parsed.errors
                .map((e) => {
                if (e.code)
                    codes.push(e.code);
                const detail = e.detail === undefined || e.detail === null ? '' : ` (${JSON.stringify(e.detail).slice(0, 200)})`;
                return `${e.code ?? 'ERROR'}: ${e.message ?? ''}${detail}`;
            })
                .join('; ');
        }
    }
    catch {
        // Not JSON (Docker Hub's old 429 page, a proxy's HTML): fall through to the raw text.
    }
    const oneLine = trimmed.replace(/\s*\n\s*/g, ' ');
    return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine;
}


/***/ }),

/***/ 45026:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  X: () => (/* binding */ RegistryStore)
});

// UNUSED EXPORTS: DEFAULT_CHUNK_SIZE

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
// EXTERNAL MODULE: ./src/oci/store.ts
var store = __nccwpck_require__(49800);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __nccwpck_require__(3048);
// EXTERNAL MODULE: ./src/oci/registry/responses.ts
var responses = __nccwpck_require__(80221);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __nccwpck_require__(46466);
// EXTERNAL MODULE: ./src/oci/registry/url-policy.ts
var url_policy = __nccwpck_require__(43583);
;// CONCATENATED MODULE: ./src/oci/registry/upload.ts






const LADDER = ['put', 'patch', 'chunks'];
/** The smallest PATCH body the chunk ladder goes down to after a cap. */
const MIN_CHUNK = 256 * 1024;
/** The registry does not take this way of uploading (or did not keep what it was sent). */
class MethodRefused extends Error {
    method;
    reason;
    constructor(method, reason) {
        super(reason);
        this.method = method;
        this.reason = reason;
    }
}
/** A PATCH body over the registry's cap: go again with smaller chunks. */
class ChunkTooLarge extends Error {
    cap;
    constructor(cap) {
        super(`chunk over the registry's cap of ${cap} bytes`);
        this.cap = cap;
    }
}
/** Error codes of a PUT or PATCH that are about the blob, not about the way it was sent. */
const BLOB_FAULTS = new Set(['DIGEST_INVALID', 'SIZE_INVALID', 'DENIED', 'UNAUTHORIZED']);
const REFUSES_METHOD = new Set([400, 404, 405, 411, 413, 415, 416, 501]);
class BlobUploader {
    transport;
    repository;
    name;
    bufferLimit;
    constructor(transport, repository, name, 
    /** Blobs up to this size are read into memory (verified before a byte is sent); also the first chunk size. */
    bufferLimit) {
        this.transport = transport;
        this.repository = repository;
        this.name = name;
        this.bufferLimit = bufferLimit;
    }
    scopes() {
        return [`repository:${this.repository}:pull,push`];
    }
    /**
     * Uploads a blob of known size, verified against its digest on the way (and by the registry at
     * the end). A session the registry handed out already (a mount answered 202) is used first.
     * Nothing half-sent is resent into the same session: a broken or refused upload starts a new one.
     */
    async upload(blob, open, given) {
        const memory = this.transport.uploads;
        let session = given;
        const refusals = [];
        for (let broken = 0;;) {
            const method = LADDER.find((m) => !memory.refused.has(m));
            if (!method) {
                throw this.transport.error(this.spec(blob, 'upload'), undefined, `the registry refused every way of uploading a blob (${refusals.join('; ')})`, 'protocol');
            }
            session ??= await this.start(blob);
            const current = session;
            session = undefined;
            try {
                const payload = await this.payload(blob, open);
                if (method === 'put')
                    await this.put(blob, current, payload);
                else if (method === 'patch')
                    await this.patchWhole(blob, current, payload);
                else
                    await this.chunks(blob, current, payload);
                return;
            }
            catch (error) {
                await this.cancel(current.url);
                if (error instanceof MethodRefused) {
                    memory.refused.add(error.method);
                    refusals.push(`${error.method}: ${error.reason}`);
                    this.transport.log.info(`${this.transport.registry} does not take a blob upload by ${describe(error.method)} (${error.reason}); trying the next way`);
                    continue;
                }
                if (error instanceof ChunkTooLarge) {
                    memory.chunkCap = error.cap;
                    continue;
                }
                const transient = error instanceof errors/* RegistryError */.gl && (error.kind === 'network' || error.kind === 'server');
                if (!transient || ++broken >= 3)
                    throw error;
            }
        }
    }
    /**
     * A small blob read whole (a corrupt source never reaches the registry); a big one streamed,
     * verified on the way: through our own verifier, unless its source already checks that digest
     * before it ends (a download through a DigestVerifier), which would hash every byte twice.
     */
    async payload(blob, open) {
        const source = await open();
        const where = `upload of blob ${blob.digest} to ${this.name}`;
        let stream = source;
        if ((0,oci_digest/* verifiedDigest */.vd)(source) !== blob.digest) {
            const verifier = new oci_digest/* DigestVerifier */.Do(blob.digest, where, blob.size);
            source.on('error', (e) => verifier.destroy(e));
            // A body given up on (the registry answered early) stops its source too, instead of leaving
            // the download to stall.
            verifier.once('close', () => {
                if (!source.readableEnded)
                    source.destroy();
            });
            stream = source.pipe(verifier);
        }
        if (blob.size > this.bufferLimit)
            return { stream };
        const bytes = await (0,store/* readStreamCapped */.GS)(stream, blob.size);
        if (bytes === undefined)
            throw new errors/* DigestMismatchError */.h(`${blob.size} bytes`, `more bytes`, `upload of blob ${blob.digest}`);
        return { bytes };
    }
    /** POST a new session; its Location is resolved against the URL that answered and checked. */
    async start(blob) {
        const spec = {
            method: 'POST',
            url: `/v2/${this.repository}/blobs/uploads/`,
            repository: this.repository,
            operation: `start upload of blob ${blob.digest}`,
            scopes: this.scopes(),
            digest: blob.digest,
            headers: { 'content-length': '0' },
        };
        const res = await this.transport.request(spec);
        if (res.status !== 202)
            throw await this.transport.failure(spec, res);
        const session = await this.sessionOf(spec, res);
        await res.body.dump();
        if (!session)
            throw await this.transport.failure(spec, res);
        return session;
    }
    /** The session a POST (or a mount answered 202) opened. */
    async sessionOf(spec, res) {
        const url = await this.transport.location(spec, res);
        if (!url)
            return undefined;
        const min = Number((0,responses/* header */.wx)(res.headers, 'oci-chunk-min-length'));
        return Number.isSafeInteger(min) && min > 0 ? { url, minChunk: min } : { url };
    }
    spec(blob, operation, url = '', method = 'PUT') {
        return {
            method,
            url,
            repository: this.repository,
            operation: `${operation} blob ${blob.digest}`,
            scopes: this.scopes(),
            digest: blob.digest,
            retry: false,
        };
    }
    /** Sends one body (bytes or the verified stream); a stream whose verifier failed reports that failure. */
    async send(spec, payload, headers, length) {
        const body = 'bytes' in payload ? payload.bytes : () => payload.stream;
        let res;
        try {
            res = await this.transport.request({
                ...spec,
                bytes: length,
                headers: { 'content-type': 'application/octet-stream', 'content-length': String(length), ...headers },
                body,
            });
        }
        catch (error) {
            if ('stream' in payload && payload.stream.errored)
                throw payload.stream.errored;
            throw error;
        }
        // The registry answered before it took everything (a refusal): stop reading the source.
        if ('stream' in payload && !payload.stream.readableEnded && res.status >= 300)
            payload.stream.destroy();
        return res;
    }
    /** Turns a refusal of the method into MethodRefused, anything else into the registry's error. */
    async refuse(method, spec, res) {
        const error = await this.transport.failure(spec, res);
        // A body over the registry's cap says the cap: sized chunks start there.
        const cap = res.status === 413 || res.status === 416 ? capFrom(error.message) : undefined;
        if (cap !== undefined)
            this.transport.uploads.chunkCap = Math.min(cap, this.transport.uploads.chunkCap ?? cap);
        if (REFUSES_METHOD.has(res.status) && !error.registryCodes.some((c) => BLOB_FAULTS.has(c)))
            throw new MethodRefused(method, (0,responses/* explainMessage */.lP)(error));
        throw error;
    }
    async put(blob, session, payload) {
        const spec = this.spec(blob, 'upload', (0,url_policy/* appendQuery */.rE)(session.url, 'digest', blob.digest));
        const res = await this.send(spec, payload, {}, blob.size);
        if (res.status !== 201 && res.status !== 204)
            return this.refuse('put', spec, res);
        await res.body.dump();
        if ('stream' in payload)
            checkEnded(payload.stream, blob);
    }
    async patchWhole(blob, session, payload) {
        const spec = this.spec(blob, 'upload', session.url, 'PATCH');
        const res = await this.send(spec, payload, { 'content-range': `0-${blob.size - 1}` }, blob.size);
        if (!accepted(res.status))
            return this.refuse('patch', spec, res);
        const next = await this.afterPatch(spec, res, session.url, blob.size, 'patch');
        if ('stream' in payload)
            checkEnded(payload.stream, blob);
        await this.finish(blob, next);
    }
    /**
     * Sized PATCHes with Content-Range: the size starts at what the registry is known to take and is
     * never below its advertised minimum; a cap answered with 413/416 (GHCR: "exceeds the maximum
     * permissible limit of 4.00MiB") sends the blob again in a new session with smaller chunks.
     */
    async chunks(blob, session, payload) {
        const cap = this.transport.uploads.chunkCap;
        const min = session.minChunk ?? 0;
        let size = Math.max(min, Math.min(cap ?? this.bufferLimit, this.bufferLimit));
        if (cap !== undefined && cap < min)
            throw new MethodRefused('chunks', `its PATCH cap (${cap} bytes) is below its own minimum chunk (${min} bytes)`);
        size = Math.max(size, 1);
        let url = session.url;
        let offset = 0;
        const sendChunk = async (chunk) => {
            const spec = this.spec(blob, `upload chunk at ${offset} of`, url, 'PATCH');
            const res = await this.send(spec, { bytes: chunk }, { 'content-range': `${offset}-${offset + chunk.length - 1}` }, chunk.length);
            if ((res.status === 413 || res.status === 416) && chunk.length > MIN_CHUNK) {
                const stated = capFrom((await this.transport.failure(spec, res)).message);
                const half = Math.max(MIN_CHUNK, Math.floor(chunk.length / 2));
                throw new ChunkTooLarge(stated !== undefined && stated < chunk.length ? stated : half);
            }
            if (!accepted(res.status))
                return this.refuse('chunks', spec, res);
            url = await this.afterPatch(spec, res, url, offset + chunk.length, 'chunks');
            offset += chunk.length;
        };
        if ('bytes' in payload) {
            for (let at = 0; at < payload.bytes.length; at += size)
                await sendChunk(payload.bytes.subarray(at, at + size));
        }
        else {
            let pending = [];
            let pendingSize = 0;
            const flush = async () => {
                const chunk = Buffer.concat(pending, pendingSize);
                pending = [];
                pendingSize = 0;
                if (chunk.length > 0)
                    await sendChunk(chunk);
            };
            await (0,promises_.pipeline)(payload.stream, async function* (input) {
                for await (const data of input) {
                    let rest = data;
                    while (rest.length > 0) {
                        const room = size - pendingSize;
                        pending.push(rest.subarray(0, room));
                        pendingSize += Math.min(room, rest.length);
                        rest = rest.subarray(room);
                        if (pendingSize === size)
                            await flush();
                    }
                }
                yield* [];
            });
            // The whole blob hashed to its digest; only now does the last chunk go, and the session close.
            await flush();
        }
        await this.finish(blob, url);
    }
    /**
     * After a PATCH: the registry must have kept every byte so far (ECR has been seen dropping the
     * bodies of later PATCHes: its Range stops advancing), and the next request goes to the newest Location.
     */
    async afterPatch(spec, res, previous, expectedEnd, method) {
        const next = (await this.transport.location(spec, res)) ?? previous;
        await res.body.dump();
        const range = (0,responses/* header */.wx)(res.headers, 'range');
        const end = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim())?.[1] : undefined;
        if (range && (end === undefined || Number(end) + 1 !== expectedEnd))
            throw new MethodRefused(method, `it kept ${range} after ${expectedEnd} bytes were sent`);
        return next;
    }
    /** The PUT that closes a session with the blob's digest: the registry checks it too. */
    async finish(blob, url) {
        const spec = this.spec(blob, 'finish upload of', (0,url_policy/* appendQuery */.rE)(url, 'digest', blob.digest));
        const res = await this.transport.request({
            ...spec,
            headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
            body: Buffer.alloc(0),
        });
        if (res.status !== 201 && res.status !== 204)
            throw await this.transport.failure(spec, res);
        await res.body.dump();
    }
    /** Ends a session that will not be used (best effort: registries expire abandoned ones). */
    async cancel(url) {
        try {
            const res = await this.transport.request({
                method: 'DELETE',
                url,
                repository: this.repository,
                operation: 'cancel upload',
                scopes: this.scopes(),
                retry: false,
            });
            await res.body.dump();
        }
        catch {
            // Best effort: the registry expires abandoned sessions on its own.
        }
    }
}
/** ECR answers an accepted PATCH with 201 where the spec says 202. */
const accepted = (status) => status === 202 || status === 201 || status === 204;
function describe(method) {
    return method === 'put' ? 'one PUT' : method === 'patch' ? 'one PATCH' : 'sized PATCH chunks';
}
/**
 * A streamed body (a DigestVerifier, or a source that verifies itself) must have ended, which it does
 * only once its digest matched, before the registry is told it is complete.
 */
function checkEnded(stream, blob) {
    if (stream.errored)
        throw stream.errored;
    if (!stream.readableEnded)
        throw new errors/* DigestMismatchError */.h(blob.digest, 'an incomplete stream', `upload of blob ${blob.digest}`);
}
/** "exceeds the maximum permissible limit of 4.00MiB" -> 4194304. */
function capFrom(message) {
    const m = /limit of\s*([\d.]+)\s*(KiB|MiB|GiB|KB|MB|GB|B)\b/i.exec(message);
    if (!m)
        return undefined;
    const unit = m[2].toLowerCase();
    const scale = unit.startsWith('k')
        ? 1024
        : unit.startsWith('m')
            ? 1024 ** 2
            : unit.startsWith('g')
                ? 1024 ** 3
                : 1;
    const bytes = Math.floor(Number(m[1]) * scale);
    return bytes >= MIN_CHUNK ? bytes : undefined;
}

;// CONCATENATED MODULE: ./src/oci/registry/store.ts








/** Docker Hub's names: GET manifest counts against its pull rate limit, HEAD does not. */
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io']);
/** Blobs up to this size are read into memory and verified before they are sent; larger ones are streamed. */
const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
class RegistryStore {
    transport;
    repository;
    kind = 'registry';
    name;
    constructor(transport, repository, chunkSize = DEFAULT_CHUNK_SIZE) {
        this.transport = transport;
        this.repository = repository;
        this.name = `${transport.registry}/${repository}`;
        this.uploader = new BlobUploader(transport, repository, this.name, chunkSize);
    }
    uploader;
    get registry() {
        return this.transport.registry;
    }
    pull() {
        return [`repository:${this.repository}:pull`];
    }
    push() {
        return [`repository:${this.repository}:pull,push`];
    }
    async getManifest(reference) {
        const spec = {
            method: 'GET',
            url: `/v2/${this.repository}/manifests/${reference}`,
            repository: this.repository,
            operation: `get manifest ${reference}`,
            scopes: this.pull(),
            headers: { accept: media_types/* MANIFEST_MEDIA_TYPES */.$T.join(', ') },
            // A pull-through proxy may redirect manifests to storage (GitLab's dependency proxy, moby#50065);
            // the bytes are checked against the digest either way.
            followRedirects: true,
        };
        const res = await this.transport.request((0,oci_digest/* isDigest */.Bc)(reference) ? { ...spec, digest: reference } : spec);
        if (res.status !== 200)
            throw await this.transport.failure(spec, res);
        const lengthHeader = Number((0,responses/* header */.wx)(res.headers, 'content-length'));
        if (lengthHeader > types/* MAX_MANIFEST_BYTES */.ZJ) {
            res.body.destroy();
            throw this.transport.error(spec, res.status, `manifest is ${lengthHeader} bytes, over the ${types/* MAX_MANIFEST_BYTES */.ZJ} limit`, 'protocol');
        }
        let bytes;
        try {
            bytes = await (0,store/* readStreamCapped */.GS)(res.body, types/* MAX_MANIFEST_BYTES */.ZJ);
        }
        catch (error) {
            throw this.transport.error(spec, undefined, `reading the manifest: ${this.transport.explain(error)}`, (0,responses/* kindOfFailure */.uq)(error), error);
        }
        if (bytes === undefined)
            throw this.transport.error(spec, res.status, `manifest over the ${types/* MAX_MANIFEST_BYTES */.ZJ} byte limit`, 'protocol');
        const digest = (0,oci_digest/* sha256 */.sc)(bytes);
        const where = `${this.name}@${reference}`;
        if ((0,oci_digest/* isDigest */.Bc)(reference) && digest !== reference)
            throw new errors/* DigestMismatchError */.h(reference, digest, `manifest ${where}`);
        const served = (0,responses/* header */.wx)(res.headers, 'docker-content-digest');
        if (served && served.startsWith('sha256:') && served !== digest) {
            throw new errors/* DigestMismatchError */.h(served, digest, `manifest ${where} (Docker-Content-Digest)`);
        }
        const contentType = ((0,responses/* header */.wx)(res.headers, 'content-type') ?? '').split(';')[0].trim();
        return { bytes, digest, mediaType: mediaTypeOf(bytes) ?? contentType };
    }
    /** headManifest's answer from a GET: the manifest read and hashed here; undefined when there is none. */
    async manifestByGet(reference) {
        try {
            const full = await this.getManifest(reference);
            return { digest: full.digest, mediaType: full.mediaType, size: full.bytes.length };
        }
        catch (error) {
            if ((0,errors/* isNotFound */.c4)(error))
                return undefined;
            throw error;
        }
    }
    /**
     * What a tag (or digest) holds now, or undefined. Asked with a GET and hashed here, except on Docker
     * Hub: undici closes the connection after every HEAD (a fleet would open one per image), and a manifest
     * is a few kB; Docker Hub counts a GET as a pull against its rate limit and a HEAD not, so it gets the
     * HEAD.
     */
    async headManifest(reference) {
        if (!DOCKER_HUB_HOSTS.has(this.registry))
            return this.manifestByGet(reference);
        const spec = {
            method: 'HEAD',
            url: `/v2/${this.repository}/manifests/${reference}`,
            repository: this.repository,
            operation: `head manifest ${reference}`,
            scopes: this.pull(),
            headers: { accept: media_types/* MANIFEST_MEDIA_TYPES */.$T.join(', ') },
            followRedirects: true,
        };
        const res = await this.transport.request(spec);
        await res.body.dump();
        // Storage a HEAD was redirected to may refuse it (a URL signed for GET, distribution#2055) and
        // knows no digest: the registry's GET (which follows the same way) says what the tag holds.
        const redirected = new URL(res.url).pathname !== spec.url;
        if (redirected && res.status !== 200)
            return this.manifestByGet(reference);
        if (res.status === 404)
            return undefined;
        if (res.status !== 200)
            throw await this.transport.failure(spec, res);
        const digest = redirected ? undefined : (0,responses/* header */.wx)(res.headers, 'docker-content-digest');
        if (!(0,oci_digest/* isDigest */.Bc)(digest)) {
            // Without the header a HEAD tells us nothing reliable; read the manifest itself.
            const full = await this.getManifest(reference);
            return { digest: full.digest, mediaType: full.mediaType, size: full.bytes.length };
        }
        return {
            digest,
            mediaType: ((0,responses/* header */.wx)(res.headers, 'content-type') ?? '').split(';')[0].trim(),
            size: Number((0,responses/* header */.wx)(res.headers, 'content-length') ?? 0),
        };
    }
    async putManifest(manifest, tag) {
        await this.sendManifest(manifest, tag);
    }
    /**
     * Pushes a manifest that names a subject (a signature, an attestation) by its digest. True when the
     * registry says it indexed the subject (the `OCI-Subject` header of the referrers API, distribution
     * spec 1.1); false: the client must list it under the referrers tag itself.
     */
    async putReferrer(manifest, subject) {
        const headers = await this.sendManifest(manifest);
        return (0,responses/* header */.wx)(headers, 'oci-subject') === subject;
    }
    async sendManifest(manifest, tag) {
        const reference = tag ?? manifest.digest;
        const spec = {
            method: 'PUT',
            url: `/v2/${this.repository}/manifests/${reference}`,
            repository: this.repository,
            operation: `push manifest ${reference}`,
            scopes: this.push(),
            digest: manifest.digest,
            headers: { 'content-type': manifest.mediaType },
            body: manifest.bytes,
        };
        const computed = (0,oci_digest/* sha256 */.sc)(manifest.bytes);
        if (computed !== manifest.digest)
            throw new errors/* DigestMismatchError */.h(manifest.digest, computed, `manifest for ${this.name}`);
        const res = await this.transport.request(spec);
        if (res.status !== 201 && res.status !== 200)
            throw await this.transport.failure(spec, res);
        await res.body.dump();
        const served = (0,responses/* header */.wx)(res.headers, 'docker-content-digest');
        if (served && served !== manifest.digest) {
            throw new errors/* DigestMismatchError */.h(manifest.digest, served, `push manifest ${this.name}:${reference} (registry computed another digest)`);
        }
        return res.headers;
    }
    /**
     * Whether the repository has a blob. A one-byte ranged GET rather than a HEAD: undici closes the
     * connection after every HEAD, and a fleet asks this for every layer. A redirect (to storage) or a
     * 206/416 means it is there; a registry that ignores Range gets its body cut off.
     */
    async hasBlob(digest) {
        const spec = {
            method: 'GET',
            url: `/v2/${this.repository}/blobs/${digest}`,
            repository: this.repository,
            operation: `check blob ${digest}`,
            scopes: this.pull(),
            digest,
            headers: { range: 'bytes=0-0' },
        };
        const res = await this.transport.request(spec);
        if (res.status === 200)
            res.body.destroy();
        else
            await res.body.dump();
        if ([200, 206, 416, 301, 302, 303, 307, 308].includes(res.status))
            return true;
        if (res.status === 404)
            return false;
        throw await this.transport.failure(spec, res);
    }
    /**
     * Streams a blob, verified against its digest. A body that breaks part-way resumes from its byte
     * offset with a Range request (up to three times) instead of starting over; a registry that ignores
     * Range and answers 200 has the bytes already delivered skipped.
     */
    async getBlob(blob) {
        const base = {
            method: 'GET',
            url: `/v2/${this.repository}/blobs/${blob.digest}`,
            repository: this.repository,
            operation: `get blob ${blob.digest}`,
            scopes: this.pull(),
            digest: blob.digest,
            followRedirects: true,
            ...(blob.size !== undefined ? { bytes: blob.size } : {}),
        };
        const open = async (offset) => {
            const spec = offset > 0 ? { ...base, headers: { range: `bytes=${offset}-` } } : base;
            const res = await this.transport.request(spec);
            const served = servedSize(res);
            if (blob.size !== undefined && served !== undefined && served !== blob.size) {
                // Known from the first answer: a descriptor that lies about its size (1 TiB for 20 MiB) is
                // refused before a byte is read, not after a deadline sized for the lie.
                res.body.destroy();
                throw new errors/* BlobSizeError */.xx(blob.size, served, `blob ${blob.digest} in ${this.name}`);
            }
            if (res.status === 206 && offset > 0)
                return { body: res.body, skip: 0 };
            if (res.status === 200)
                return { body: res.body, skip: offset };
            throw await this.transport.failure(spec, res);
        };
        const first = await open(0);
        const transport = this.transport;
        const size = blob.size;
        async function* chunks() {
            let current = first;
            let offset = 0;
            for (let resumes = 0;; resumes++) {
                try {
                    for await (const raw of current.body) {
                        let chunk = raw;
                        if (current.skip > 0) {
                            const drop = Math.min(current.skip, chunk.length);
                            current.skip -= drop;
                            chunk = chunk.subarray(drop);
                            if (chunk.length === 0)
                                continue;
                        }
                        offset += chunk.length;
                        yield chunk;
                    }
                    return;
                }
                catch (error) {
                    if (size === undefined || offset >= size || resumes >= 3) {
                        throw transport.error(base, undefined, `the download broke after ${offset} bytes: ${transport.explain(error)}`, (0,responses/* kindOfFailure */.uq)(error), error);
                    }
                    current = await open(offset);
                }
            }
        }
        const verifier = new oci_digest/* DigestVerifier */.Do(blob.digest, `blob ${blob.digest} from ${this.name}`, blob.size);
        const source = external_node_stream_.Readable.from(chunks(), { objectMode: false });
        source.on('error', (e) => verifier.destroy(e));
        return source.pipe(verifier);
    }
    /**
     * `POST …/uploads/?mount=<digest>[&from=<repo>]`: 201 means the registry linked the blob; 202 is
     * an ordinary upload session (ECR, Quay, Artifactory), continued rather than opened again; any
     * other answer (401 from Harbor or Docker Hub for a `from` they cannot cover, 403, 400 from Quay,
     * 404, 405) means "upload normally". Never an error: a mount is only a missed optimisation.
     */
    async mountBlob(digest, fromRepository) {
        const query = new URLSearchParams({ mount: digest });
        if (fromRepository)
            query.set('from', fromRepository);
        const scopes = fromRepository ? [...this.push(), `repository:${fromRepository}:pull`] : this.push();
        const spec = {
            method: 'POST',
            url: `/v2/${this.repository}/blobs/uploads/?${query}`,
            repository: this.repository,
            operation: `mount blob ${digest}`,
            scopes,
            digest,
            headers: { 'content-length': '0' },
        };
        const res = await this.transport.request(spec);
        if (res.status === 201) {
            await res.body.dump();
            // A 201 that does not say what it linked is confirmed by asking for the blob.
            const linked = (0,responses/* header */.wx)(res.headers, 'docker-content-digest');
            return { mounted: linked === digest || (linked === undefined && (await this.hasBlob(digest))) };
        }
        const session = res.status === 202 ? await this.uploader.sessionOf(spec, res) : undefined;
        await res.body.dump();
        return session ? { mounted: false, session } : { mounted: false };
    }
    /**
     * Manifests that name `digest` as their subject (the OCI referrers API: signatures, attestations),
     * or undefined when the registry has no such API: a 404 is what most answer (GHCR, Docker Hub,
     * distribution 2.8), some a 400 or 405.
     */
    async referrers(digest) {
        const spec = {
            method: 'GET',
            url: `/v2/${this.repository}/referrers/${digest}`,
            repository: this.repository,
            operation: `list referrers of ${digest}`,
            scopes: this.pull(),
            headers: { accept: 'application/vnd.oci.image.index.v1+json' },
        };
        const res = await this.transport.request(spec);
        if (res.status !== 200) {
            await res.body.dump();
            return undefined;
        }
        const bytes = await (0,store/* readStreamCapped */.GS)(res.body, types/* MAX_MANIFEST_BYTES */.ZJ);
        const index = parseJsonObject(bytes);
        if (!index || !Array.isArray(index.manifests))
            return undefined;
        return index.manifests.flatMap((m) => {
            if (typeof m !== 'object' || m === null)
                return [];
            const { artifactType, mediaType, digest: d } = m;
            if (typeof d !== 'string')
                return [];
            return [
                {
                    digest: d,
                    mediaType: typeof mediaType === 'string' ? mediaType : '',
                    ...(typeof artifactType === 'string' ? { artifactType } : {}),
                },
            ];
        });
    }
    /** The repository's tags (`tags/list`), following `Link: <…>; rel="next"` pages on this registry, up to `maxPages`. */
    async listTags(maxPages = 20) {
        const tags = [];
        let url = `/v2/${this.repository}/tags/list?n=1000`;
        for (let page = 0; url && page < maxPages; page++) {
            const spec = {
                method: 'GET',
                url,
                repository: this.repository,
                operation: 'list tags',
                scopes: this.pull(),
            };
            const res = await this.transport.request(spec);
            if (res.status === 404) {
                await res.body.dump();
                return tags;
            }
            if (res.status !== 200)
                throw await this.transport.failure(spec, res);
            const doc = parseJsonObject(await (0,store/* readStreamCapped */.GS)(res.body, types/* MAX_MANIFEST_BYTES */.ZJ * 4));
            if (doc && Array.isArray(doc.tags))
                for (const t of doc.tags)
                    if (typeof t === 'string')
                        tags.push(t);
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec((0,responses/* header */.wx)(res.headers, 'link') ?? '')?.[1];
            // Only pages of this repository on this registry: a Link elsewhere is not followed.
            url = next?.startsWith(`/v2/${this.repository}/tags/list`) ? next : undefined;
        }
        return tags;
    }
    /** Gives up an upload session a mount opened (the blob turned out to be there already). */
    cancelUpload(session) {
        return this.uploader.cancel(session.url);
    }
    /** Uploads a blob (see BlobUploader for the ways it tries), continuing a given session first. */
    putBlob(blob, open, session) {
        return this.uploader.upload(blob, open, session);
    }
}
/** The whole blob's size as the answer tells it: a 200's Content-Length, or a 206's `Content-Range: bytes a-b/total`. */
function servedSize(res) {
    if (res.status === 206) {
        const total = /\/(\d+)\s*$/.exec((0,responses/* header */.wx)(res.headers, 'content-range') ?? '')?.[1];
        return total === undefined ? undefined : Number(total);
    }
    // A body re-encoded on the way (a CDN's gzip) has another length on the wire than the blob.
    if (res.status !== 200 || (0,responses/* header */.wx)(res.headers, 'content-encoding'))
        return undefined;
    const length = (0,responses/* header */.wx)(res.headers, 'content-length');
    return length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
}
function parseJsonObject(bytes) {
    if (!bytes)
        return undefined;
    try {
        const v = JSON.parse(bytes.toString('utf8'));
        return typeof v === 'object' && v !== null && !Array.isArray(v)
            ? v
            : undefined;
    }
    catch {
        return undefined;
    }
}
function mediaTypeOf(bytes) {
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        return typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 43583:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fm: () => (/* binding */ mayRelaxTls),
/* harmony export */   OM: () => (/* binding */ internalRefusal),
/* harmony export */   kN: () => (/* binding */ hopRefusal),
/* harmony export */   qh: () => (/* binding */ mayUsePlainHttpRealm),
/* harmony export */   rE: () => (/* binding */ appendQuery),
/* harmony export */   wR: () => (/* binding */ isRegistryOrigin)
/* harmony export */ });
/* unused harmony exports isInternalName, isListedHost */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(62148);


/**
 * Where a registry may send this client, and where credentials may go. Every rule reads names as
 * written (after URL parsing, which turns `2130706433` or `0x7f.1` into `127.0.0.1`), never what a
 * name resolves to: DNS answers are the attacker's to choose.
 */
/** Addresses that reach this machine or its network rather than the internet. */
const INTERNAL = new node_net__WEBPACK_IMPORTED_MODULE_0__.BlockList();
for (const [net, bits] of [
    ['0.0.0.0', 8], // "this network": 0.0.0.0 connects to the local host
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local: the cloud metadata service lives at 169.254.169.254
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
])
    INTERNAL.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local: deprecated (RFC 3879), still routed inside some networks
    ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): translates into the operator's own IPv4 network
])
    INTERNAL.addSubnet(net, bits, 'ipv6');
/** A URL hostname (`[::1]` with brackets, as URL gives it) without brackets. */
const bare = (hostname) => hostname.replace(/^\[(.*)\]$/, '$1');
/** The eight 16-bit groups of an IPv6 literal that `isIP` accepted (`::` expanded, a dotted tail read). */
function ipv6Groups(address) {
    let text = address.split('%')[0];
    const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (dotted) {
        const [a, b, c, d] = dotted.slice(2).map(Number);
        text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head, tail] = text.split('::');
    const parse = (part) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
    const front = parse(head);
    const back = tail === undefined ? [] : parse(tail);
    return [...front, ...new Array(8 - front.length - back.length).fill(0), ...back];
}
/**
 * The IPv4 address an IPv6 literal carries in its last 32 bits when it is only another spelling of
 * it: IPv4-compatible `::a.b.c.d` (deprecated, still routed by some stacks), IPv4-mapped
 * `::ffff:a.b.c.d`, SIIT's `::ffff:0:a.b.c.d`, and the NAT64 well-known prefix `64:ff9b::/96`, which
 * a DNS64/NAT64 network translates to that IPv4 address.
 */
function embeddedIpv4(address) {
    const g = ipv6Groups(address);
    const zero = (from, to) => g.slice(from, to).every((x) => x === 0);
    const embeds = zero(0, 6) || // ::a.b.c.d
        (zero(0, 5) && g[5] === 0xffff) || // ::ffff:a.b.c.d
        (zero(0, 4) && g[4] === 0xffff && g[5] === 0) || // ::ffff:0:a.b.c.d
        (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)); // 64:ff9b::a.b.c.d
    if (!embeds)
        return undefined;
    return [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff].join('.');
}
/** Loopback, private, link-local or unspecified, by name: an IP literal in those ranges, or localhost. */
function isInternalName(hostname) {
    // `localhost.` is the same name fully qualified, and resolvers (systemd-resolved) answer it so.
    const host = bare(hostname).toLowerCase().replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost'))
        return true;
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host);
    if (family === 0)
        return false;
    if (family === 4)
        return INTERNAL.check(host, 'ipv4');
    const v4 = embeddedIpv4(host);
    return INTERNAL.check(host, 'ipv6') || (v4 !== undefined && INTERNAL.check(v4, 'ipv4'));
}
/**
 * Whether `url`'s host is listed in insecure-registries (`host[:port]` entries, matched as written;
 * an entry with the scheme's default port matches the URL without one).
 */
function isListedHost(url, insecureHosts) {
    if (insecureHosts.length === 0)
        return false;
    const port = url.port || (url.protocol === 'http:' ? '80' : url.protocol === 'https:' ? '443' : '');
    const forms = new Set([url.host, `${url.hostname}:${port}`]);
    return insecureHosts.some((entry) => forms.has(entry.toLowerCase()));
}
/** Credentials go only to the registry's exact origin: scheme, host and port. */
function isRegistryOrigin(url, context) {
    return url.origin === context.base.origin;
}
/**
 * Why the registry must not send us to `target` (a redirect, an upload `Location`), or undefined
 * when it may: plain HTTP only to a host listed itself, or to the registry's own host (or a loopback
 * name) when the registry may be spoken to so — listing the registry relaxes nothing for storage on
 * another host; and no internal address from a public registry.
 */
function hopRefusal(target, context) {
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
        return `a ${target.protocol} URL is not an HTTP address`;
    if (target.protocol === 'http:' && !isListedHost(target, context.insecureHosts)) {
        const ownHost = target.hostname === context.base.hostname;
        if (ownHost && !context.insecure)
            return `plain HTTP (${target.origin}) from an HTTPS registry; list the registry in insecure-registries if that is intended`;
        // A loopback registry (a test setup) may use another loopback name; anything else is listed itself.
        if (!ownHost && !(context.insecure && (0,_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .cW)(target.host)))
            return `plain HTTP (${target.origin}) on another host than the registry's; list ${target.host} in insecure-registries if that is intended`;
    }
    return internalRefusal(target, context);
}
/**
 * An internal address (loopback, private, link-local: 169.254.169.254 is the cloud metadata
 * service) only from a registry that is itself internal, or at the registry's own host and port —
 * go-containerregistry's rule against a registry that points uploads or realms into the runner's network.
 */
function internalRefusal(target, context) {
    if (isInternalName(target.hostname) &&
        target.host !== context.base.host &&
        !isInternalName(context.base.hostname) &&
        !isListedHost(target, context.insecureHosts))
        return `${target.host} is a loopback, private or link-local address and the registry is not; list it in insecure-registries if that is intended`;
    return undefined;
}
/**
 * Whether TLS verification may be relaxed for a request to `url`: only when its own host is listed in
 * insecure-registries, or it is the registry's own API host and the registry is listed (`docker.io`
 * is served by `registry-1.docker.io`). A token realm, a blob's storage or an upload on any other
 * host is verified as usual, however the registry is listed.
 */
function mayRelaxTls(url, registry, insecureHosts) {
    if (url.protocol !== 'https:')
        return false;
    if (isListedHost(url, insecureHosts))
        return true;
    return insecureHosts.includes(registry.name) && url.host === registry.apiHost;
}
/**
 * Whether credentials may travel to a token realm over plain HTTP: only when the realm's own host is
 * loopback by name or listed in insecure-registries — not because the registry is.
 */
function mayUsePlainHttpRealm(realm, insecureHosts) {
    return realm.protocol === 'https:' || (0,_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .cW)(realm.host) || isListedHost(realm, insecureHosts);
}
/** `url` with `key=value` added after its own query (`_state`, `_nouploadcache`), which is kept byte for byte. */
function appendQuery(url, key, value) {
    const hash = url.indexOf('#');
    const head = hash >= 0 ? url.slice(0, hash) : url;
    const separator = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
    // `:` stays as is (`digest=sha256:…`, as docker and every registry expect to read it).
    return `${head}${separator}${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%3A/g, ':')}`;
}


/***/ }),

/***/ 49800:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GS: () => (/* binding */ readStreamCapped),
/* harmony export */   Qt: () => (/* binding */ putBlobBytes),
/* harmony export */   gm: () => (/* binding */ readBlob)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);


/** Reads a whole stream into memory, or undefined (and the stream destroyed) past `limit` bytes. */
async function readStreamCapped(stream, limit) {
    const chunks = [];
    let total = 0;
    for await (const chunk of stream) {
        total += chunk.length;
        if (total > limit) {
            stream.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
}
/** A small blob (config, SBOM document) in memory, digest-verified and size-capped. */
async function readBlob(store, blob, limit) {
    const tooLarge = () => new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('too-large', `${store.name}: blob ${blob.digest} is more than the ${limit} bytes allowed here`);
    if (blob.size !== undefined && blob.size > limit)
        throw tooLarge();
    const bytes = await readStreamCapped(await store.getBlob(blob), limit);
    if (bytes === undefined)
        throw tooLarge();
    return bytes;
}
/** Uploads bytes already in memory (a config, a rewritten SBOM layer) unless the store has them. */
async function putBlobBytes(store, digest, bytes) {
    if (await store.hasBlob(digest))
        return 'exists';
    await store.putBlob({ digest, size: bytes.length }, async () => node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from([bytes]));
    return 'copied';
}


/***/ }),

/***/ 54288:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  F: () => (/* binding */ Stores)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(46466);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __nccwpck_require__(58500);
;// CONCATENATED MODULE: ./src/oci/layout-lock.ts





/**
 * A lock file in an OCI layout around every read-modify-write of its `index.json`, so that runs in
 * other processes (six CLI runs on six tags of one layout) never drop each other's entries: each
 * rename would otherwise replace an index read before another run's write. Created with O_EXCL; a
 * lock left by a process that is gone (same host, pid not running) or older than ten minutes is stale.
 */
const LOCK = 'index.json.lock';
const WAIT_MS = 60_000;
const STALE_MS = 10 * 60_000;
async function stale(path) {
    let holder;
    try {
        holder = JSON.parse(await (0,promises_.readFile)(path, 'utf8'));
    }
    catch {
        // Being written this instant, or unreadable: judge it by age on the next look.
        return false;
    }
    if (typeof holder.at === 'number' && Date.now() - holder.at > STALE_MS)
        return true;
    if (holder.host !== (0,external_node_os_.hostname)() || typeof holder.pid !== 'number')
        return false;
    try {
        process.kill(holder.pid, 0);
        return false;
    }
    catch (error) {
        return error.code === 'ESRCH';
    }
}
async function withLayoutLock(dir, fn) {
    const path = (0,external_node_path_.join)(dir, LOCK);
    const started = Date.now();
    for (let attempt = 1;; attempt++) {
        try {
            const handle = await (0,promises_.open)(path, 'wx');
            const holder = { pid: process.pid, host: (0,external_node_os_.hostname)(), at: Date.now() };
            await handle.writeFile(JSON.stringify(holder));
            await handle.close();
            break;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            if (await stale(path)) {
                await (0,promises_.rm)(path, { force: true });
                continue;
            }
            if (Date.now() - started > WAIT_MS)
                throw new errors/* LayerRebaseError */.wN('layout-locked', `oci:${dir}: ${LOCK} has been held by another process for over ${WAIT_MS / 1000} s; if no layer-rebase is running on this layout, remove ${path}`);
            await (0,external_node_timers_promises_.setTimeout)(Math.min(200, 5 * attempt) + Math.random() * 10);
        }
    }
    try {
        return await fn();
    }
    finally {
        await (0,promises_.rm)(path, { force: true });
    }
}

// EXTERNAL MODULE: ./src/files.ts
var files = __nccwpck_require__(59148);
// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __nccwpck_require__(3048);
;// CONCATENATED MODULE: ./src/oci/layout.ts











const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
const LAYOUT_FILE = { imageLayoutVersion: '1.0.0' };
/** A blob read without a size from its descriptor is still bounded. */
const MAX_UNSIZED_BLOB_BYTES = 64 * 1024 * 1024;
const MAX_INDEX_BYTES = 4 * 1024 * 1024;
class NotFoundError extends errors/* LayerRebaseError */.wN {
    constructor(message) {
        super('not-found', message);
    }
}
/**
 * An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`). Tags are the
 * `org.opencontainers.image.ref.name` annotations of `index.json`. Every file is written to a temp
 * name beside it and renamed, so a reader never sees a half-written blob or index.
 */
class LayoutStore {
    dir;
    kind = 'layout';
    name;
    // index.json updates are serialised within one process, and across processes by a lock file in
    // the layout (withLayoutLock); the rename keeps each atomic on disk.
    indexLock = Promise.resolve();
    constructor(dir) {
        this.dir = dir;
        this.name = `oci:${dir}`;
    }
    blobPath(digest) {
        const [algorithm, hex] = digest.split(':');
        return (0,external_node_path_.join)(this.dir, 'blobs', algorithm, hex);
    }
    async readIndex() {
        const where = (0,external_node_path_.join)(this.dir, 'index.json');
        let text;
        try {
            text = (await (0,files/* readRegularFile */.XF)(where, MAX_INDEX_BYTES, 'OCI layout index')).toString('utf8');
        }
        catch (error) {
            if (error.errno === 'ENOENT') {
                return { schemaVersion: 2, mediaType: media_types/* MediaType */.zu.ociIndex, manifests: [] };
            }
            throw error;
        }
        const raw = (0,types/* parseJsonObject */.dw)(text, where);
        if (!Array.isArray(raw.manifests))
            throw new errors/* FormatError */.IF(where, 'manifests', raw.manifests, 'expected an array');
        raw.manifests.forEach((d, i) => (0,types/* parseDescriptor */.BA)(d, where, `manifests[${i}]`));
        return raw;
    }
    async findDescriptor(reference) {
        const index = await this.readIndex();
        if ((0,digest/* isDigest */.Bc)(reference)) {
            return index.manifests.find((d) => d.digest === reference) ?? (await this.descriptorOfBlob(reference));
        }
        // The last entry with the name wins, as in skopeo and umoci.
        return [...index.manifests].reverse().find((d) => d.annotations?.[REF_NAME_ANNOTATION] === reference);
    }
    async descriptorOfBlob(digest) {
        try {
            const bytes = await (0,files/* readRegularFile */.XF)(this.blobPath(digest), types/* MAX_MANIFEST_BYTES */.ZJ, `${this.name} blob`);
            const parsed = JSON.parse(bytes.toString('utf8'));
            return { mediaType: parsed.mediaType ?? media_types/* MediaType */.zu.ociManifest, digest, size: bytes.length };
        }
        catch {
            return undefined;
        }
    }
    async getManifest(reference) {
        const descriptor = await this.findDescriptor(reference);
        if (!descriptor) {
            const exists = (path) => (0,promises_.stat)(path).then(() => true, () => false);
            throw new NotFoundError((await exists((0,external_node_path_.join)(this.dir, 'index.json')))
                ? `${this.name}: no manifest "${reference}" in index.json`
                : (await exists(this.dir))
                    ? `${this.name}: not an OCI image layout (no index.json in ${this.dir})`
                    : `${this.name}: the directory ${this.dir} does not exist`);
        }
        if (descriptor.size > types/* MAX_MANIFEST_BYTES */.ZJ) {
            throw new errors/* LayerRebaseError */.wN('too-large', `${this.name}: manifest ${descriptor.digest} is over ${types/* MAX_MANIFEST_BYTES */.ZJ} bytes`);
        }
        const bytes = await (0,files/* readRegularFile */.XF)(this.blobPath(descriptor.digest), descriptor.size, `${this.name} manifest`).catch((error) => {
            if (error.errno === 'ENOENT')
                throw new NotFoundError(`${this.name}: manifest blob ${descriptor.digest} is missing`);
            throw error;
        });
        (0,digest/* verifyBytes */.RV)(bytes, descriptor.digest, `${this.name} manifest ${descriptor.digest}`);
        let mediaType = descriptor.mediaType;
        try {
            const declared = JSON.parse(bytes.toString('utf8')).mediaType;
            if (typeof declared === 'string')
                mediaType = declared;
        }
        catch {
            // parseManifest reports malformed JSON with the file name.
        }
        return { bytes, mediaType, digest: descriptor.digest };
    }
    async headManifest(reference) {
        const descriptor = await this.findDescriptor(reference);
        if (!descriptor || !(await this.hasBlob(descriptor.digest)))
            return undefined;
        return { digest: descriptor.digest, mediaType: descriptor.mediaType, size: descriptor.size };
    }
    async putManifest(manifest, tag, onlyIf) {
        const computed = (0,digest/* sha256 */.sc)(manifest.bytes);
        if (computed !== manifest.digest)
            throw new errors/* DigestMismatchError */.h(manifest.digest, computed, `manifest for ${this.name}`);
        await this.ensureLayoutFile();
        if (!(await this.hasBlob(manifest.digest)))
            await (0,files/* writeFileAtomically */.lo)(this.blobPath(manifest.digest), manifest.bytes);
        if (tag === undefined)
            return;
        const update = this.indexLock.then(() => withLayoutLock(this.dir, async () => {
            const index = await this.readIndex();
            const tagged = (d) => d.annotations?.[REF_NAME_ANNOTATION] === tag;
            const current = index.manifests.find(tagged)?.digest;
            if (onlyIf && current !== onlyIf.holds && current !== manifest.digest)
                throw new errors/* TagMovedError */.wv(`${this.name}:${tag}`, onlyIf.holds, current);
            const descriptor = {
                mediaType: manifest.mediaType,
                digest: manifest.digest,
                size: manifest.bytes.length,
                annotations: { [REF_NAME_ANNOTATION]: tag },
            };
            index.manifests = index.manifests.filter((d) => !tagged(d));
            index.manifests.push(descriptor);
            await (0,files/* writeFileAtomically */.lo)((0,external_node_path_.join)(this.dir, 'index.json'), Buffer.from(JSON.stringify(index)));
            // Read back: a tag is reported moved only when the index on disk says so.
            const written = (await this.readIndex()).manifests.find(tagged)?.digest;
            if (written !== manifest.digest)
                throw new errors/* LayerRebaseError */.wN('layout-write', `${this.name}: after writing index.json, tag ${tag} holds ${written ?? 'nothing'}, not ${manifest.digest}`);
        }));
        this.indexLock = update.catch(() => undefined);
        await update;
    }
    async hasBlob(digest) {
        try {
            await (0,promises_.stat)(this.blobPath(digest));
            return true;
        }
        catch {
            return false;
        }
    }
    async getBlob(blob) {
        const verifier = new digest/* DigestVerifier */.Do(blob.digest, `${this.name} blob ${blob.digest}`, blob.size);
        // A blob must be a regular file (not a link to /dev/zero), and no read goes past the size its
        // descriptor gives: one byte more is enough for the verifier to refuse it.
        const { handle, size } = await (0,files/* openRegularFile */.ZU)(this.blobPath(blob.digest), `${this.name} blob`).catch((error) => {
            if (error.errno === 'ENOENT')
                throw new NotFoundError(`${this.name}: blob ${blob.digest} not found`);
            throw error;
        });
        const limit = Math.min(size, blob.size ?? MAX_UNSIZED_BLOB_BYTES) + 1;
        const file = handle.createReadStream({ start: 0, end: limit - 1 });
        file.on('error', (e) => verifier.destroy(e));
        return file.pipe(verifier);
    }
    async putBlob(blob, open) {
        if (await this.hasBlob(blob.digest))
            return;
        const target = this.blobPath(blob.digest);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        const temp = `${target}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`;
        try {
            await (0,external_node_stream_promises_.pipeline)(await open(), new digest/* DigestVerifier */.Do(blob.digest, `write of blob ${blob.digest} to ${this.name}`, blob.size), (0,external_node_fs_.createWriteStream)(temp));
            await (0,promises_.rename)(temp, target);
        }
        catch (error) {
            await (0,promises_.rm)(temp, { force: true });
            throw error;
        }
    }
    async ensureLayoutFile() {
        const path = (0,external_node_path_.join)(this.dir, 'oci-layout');
        try {
            await (0,promises_.stat)(path);
        }
        catch {
            await (0,promises_.mkdir)(this.dir, { recursive: true });
            await (0,files/* writeFileAtomically */.lo)(path, Buffer.from(JSON.stringify(LAYOUT_FILE)));
        }
    }
}

// EXTERNAL MODULE: ./src/oci/registry/store.ts + 1 modules
var store = __nccwpck_require__(45026);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(27194);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/oci/registry/challenge.ts
/**
 * Reads `Bearer realm="https://x/token",service=x, Basic realm=x`: a token followed by `=` is a
 * parameter of the current challenge, any other token starts the next challenge.
 */
function parseChallenges(header) {
    const challenges = [];
    let i = 0;
    const n = header.length;
    const isSep = (c) => c === undefined || c === ',' || c === ' ' || c === '\t' || c === '=';
    const skip = () => {
        while (i < n && (header[i] === ' ' || header[i] === '\t' || header[i] === ','))
            i++;
    };
    while (i < n) {
        skip();
        const start = i;
        while (i < n && !isSep(header[i]))
            i++;
        const token = header.slice(start, i);
        if (!token) {
            i++;
            continue;
        }
        let j = i;
        while (j < n && (header[j] === ' ' || header[j] === '\t'))
            j++;
        const current = challenges[challenges.length - 1];
        if (header[j] === '=' && current) {
            i = j + 1;
            while (i < n && (header[i] === ' ' || header[i] === '\t'))
                i++;
            let value = '';
            if (header[i] === '"') {
                i++;
                while (i < n && header[i] !== '"') {
                    if (header[i] === '\\' && i + 1 < n)
                        i++;
                    value += header[i];
                    i++;
                }
                i++;
            }
            else {
                const vs = i;
                while (i < n && header[i] !== ',' && header[i] !== ' ' && header[i] !== '\t')
                    i++;
                value = header.slice(vs, i);
            }
            current.params[token.toLowerCase()] = value;
        }
        else {
            challenges.push({ scheme: token.toLowerCase(), params: {} });
        }
    }
    return challenges;
}

// EXTERNAL MODULE: ./src/oci/registry/responses.ts
var responses = __nccwpck_require__(80221);
// EXTERNAL MODULE: ./src/oci/registry/url-policy.ts
var url_policy = __nccwpck_require__(43583);
;// CONCATENATED MODULE: ./src/oci/registry/auth.ts





/** The scheme a 401 asks for: Bearer (with its realm) over Basic; anything else means none. */
function schemeOf(status, headers) {
    if (status !== 401)
        return { kind: 'none' };
    const challenges = parseChallenges((0,responses/* header */.wx)(headers, 'www-authenticate') ?? '');
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer?.params.realm) {
        const auth = { kind: 'bearer', realm: bearer.params.realm };
        if (bearer.params.service)
            auth.service = bearer.params.service;
        return auth;
    }
    if (challenges.some((c) => c.scheme === 'basic'))
        return { kind: 'basic' };
    return { kind: 'none' };
}
/** The scopes a Bearer challenge asks for (`scope="repository:a:pull repository:b:pull"`). */
function challengedScopes(headers) {
    const scope = parseChallenges((0,responses/* header */.wx)(headers, 'www-authenticate') ?? '').find((c) => c.scheme === 'bearer')
        ?.params.scope;
    return scope ? scope.split(' ').filter(Boolean) : [];
}
const MAX_TOKEN_BODY = 64 * 1024;
const basic = (c) => `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
/**
 * One registry's credentials and tokens: Basic for registries without a token service (ECR), a
 * docker-config `registrytoken` as is, otherwise a Bearer token per scope set from the challenge's
 * realm (which may be on another host or path), cached until shortly before it expires. Tokens may
 * repeat across scope sets (one token for pull and push): they are read as sent, and only what is
 * shown is redacted.
 */
class RegistryAuth {
    registry;
    options;
    tokens = new Map();
    credentials;
    constructor(registry, options) {
        this.registry = registry;
        this.options = options;
    }
    get source() {
        return this.options.credentials.source ?? 'the docker config';
    }
    creds() {
        return (this.credentials ??= this.options.credentials(this.registry));
    }
    /** The Authorization header for a request needing `scopes`; `refresh` ignores a cached token. */
    async header(scheme, scopes, refresh, hop) {
        if (scheme.kind === 'none')
            return undefined;
        const creds = await this.creds();
        // docker's `registrytoken`: a token for the registry itself, sent without an exchange.
        if (creds?.registryToken)
            return `Bearer ${creds.registryToken}`;
        if (scheme.kind === 'basic')
            return creds?.password ? basic(creds) : undefined;
        const key = [...scopes].sort().join(' ');
        const cached = this.tokens.get(key);
        if (!refresh && cached && cached.expiresAt > this.options.now())
            return `Bearer ${cached.token}`;
        const token = await this.fetchToken(scheme, scopes, creds, hop);
        this.tokens.set(key, token);
        return `Bearer ${token.token}`;
    }
    async fetchToken(scheme, scopes, creds, hop) {
        const repository = scopes.map((s) => s.split(':')[1]).join(',');
        let realm;
        try {
            realm = new URL(scheme.realm);
        }
        catch {
            throw this.error(repository, undefined, `the registry named a token realm that is not a URL`, 'protocol');
        }
        const where = `token realm ${realm.origin}${realm.pathname}`;
        const fail = (status, detail, kind = 'auth', cause) => this.error(repository, status, `${detail} (${where})`, kind, cause);
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
            throw fail(undefined, `refusing the token realm: it is not an HTTP address`, 'protocol');
        // Judged by the realm's own host, not the registry's: a loopback registry may name any realm.
        const secret = creds?.password || creds?.identityToken;
        if (secret && !(0,url_policy/* mayUsePlainHttpRealm */.qh)(realm, this.options.insecureHosts)) {
            throw fail(undefined, `refusing to send credentials to a token realm over plain HTTP (${realm.host} is neither loopback nor in insecure-registries)`);
        }
        const internal = (0,url_policy/* internalRefusal */.OM)(realm, hop);
        if (internal)
            throw fail(undefined, `refusing the token realm: ${internal}`, 'protocol');
        const spec = { operation: 'get token', repository };
        let res;
        try {
            if (creds?.identityToken) {
                const form = new URLSearchParams({
                    grant_type: 'refresh_token',
                    refresh_token: creds.identityToken,
                    client_id: 'layer-rebase',
                });
                if (scheme.service)
                    form.set('service', scheme.service);
                if (scopes.length)
                    form.set('scope', scopes.join(' '));
                res = await this.options.io.send(realm, {
                    method: 'POST',
                    headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    body: form.toString(),
                }, spec);
            }
            else {
                if (scheme.service)
                    realm.searchParams.set('service', scheme.service);
                // One `scope` parameter per scope, as distribution's token spec has it.
                for (const scope of scopes)
                    realm.searchParams.append('scope', scope);
                const headers = {};
                if (creds?.password) {
                    realm.searchParams.set('account', creds.username ?? '');
                    headers.authorization = basic(creds);
                }
                res = await this.options.io.send(realm, { method: 'GET', headers }, spec);
            }
        }
        catch (error) {
            if (error instanceof errors/* RegistryError */.gl)
                throw fail(error.status, `token request failed: ${(0,responses/* explainMessage */.lP)(error)}`, error.kind, error);
            throw fail(undefined, `token request failed: ${this.options.io.explain(error)}`, 'network', error);
        }
        // The body as sent: a token seen before (and so registered as a secret) must still parse.
        let text;
        try {
            text = await (0,responses/* readCapped */.EF)(res.body, MAX_TOKEN_BODY);
        }
        catch (error) {
            throw fail(undefined, `reading the token failed: ${this.options.io.explain(error)}`, (0,responses/* kindOfFailure */.uq)(error), error);
        }
        if (res.statusCode !== 200) {
            const who = creds
                ? 'with the configured credentials'
                : 'anonymously (no credentials found in the docker config)';
            throw fail(res.statusCode, `the token server refused ${who}: ${(0,secrets/* redact */.E$)((0,responses/* summariseBody */.n8)(text))}`, res.statusCode === 403 ? 'denied' : 'auth');
        }
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch (error) {
            throw fail(res.statusCode, 'the token server answered with invalid JSON', 'protocol', error);
        }
        const token = typeof parsed?.token === 'string' && parsed.token ? parsed.token : parsed?.access_token;
        if (typeof token !== 'string' || !token)
            throw fail(res.statusCode, 'the token server answered without a token', 'protocol');
        for (const form of (0,secrets/* registerSecret */.cl)(token))
            this.options.log.secret(form);
        // Renew a little early so that a token never expires between our check and the registry's.
        const lifetime = Math.max(60, Number(parsed.expires_in) || 60) * 1000;
        return { token, expiresAt: this.options.now() + lifetime - 10_000 };
    }
    error(repository, status, detail, kind, cause) {
        return this.options.io.error({ operation: 'get token', repository }, status, detail, kind, cause);
    }
}

// EXTERNAL MODULE: ./src/http.ts
var http = __nccwpck_require__(76803);
// EXTERNAL MODULE: ./src/deadline.ts
var src_deadline = __nccwpck_require__(86683);
;// CONCATENATED MODULE: ./src/oci/registry/exchange.ts





const DEFAULT_TIMEOUTS = {
    connectMs: 30_000,
    headersMs: 30_000,
    stallMs: 30_000,
    requestMs: 60_000,
    operationMs: 100_000,
    minBytesPerSecond: 64 * 1024,
    timeoutAttempts: 3,
};
/** A request's own overall deadline ran out. */
class DeadlineExceeded extends Error {
    ms;
    code = 'LR_DEADLINE';
    constructor(ms) {
        super(`timed out: no complete answer within ${seconds(ms)}`);
        this.ms = ms;
    }
}
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;
/** A server's certificate that this machine does not trust, for one host: the host is in the message. */
class UntrustedCertificate extends Error {
    host;
    code = 'LR_UNTRUSTED_CERTIFICATE';
    constructor(host, reason, cause) {
        super(`the TLS certificate of ${host} is not trusted (${reason}); list ${host} in insecure-registries if that is intended`, { cause });
        this.host = host;
    }
}
/** OpenSSL's and Node's verification failures (an untrusted issuer, a self-signed or expired certificate, another name). */
const CERTIFICATE_CODES = new Set([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
    'CERT_SIGNATURE_FAILURE',
    'CERT_NOT_YET_VALID',
    'CERT_HAS_EXPIRED',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
    'CERT_REVOKED',
    'INVALID_CA',
    'PATH_LENGTH_EXCEEDED',
    'INVALID_PURPOSE',
    'HOSTNAME_MISMATCH',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
function untrustedCertificate(error, url) {
    const code = error.code;
    if (typeof code !== 'string' || !CERTIFICATE_CODES.has(code))
        return undefined;
    const reason = (error.message || code).split('\n')[0].trim().replace(/\.$/, '');
    return new UntrustedCertificate(url.host, reason, error);
}
/**
 * One agent per set of timeouts and TLS policy, shared by every transport: connections are reused
 * across requests and registries. `relaxTls` turns certificate verification off, and is chosen per
 * request by its origin (see `mayRelaxTls`), never for a whole registry's traffic.
 */
const agents = new Map();
function agentFor(t, relaxTls) {
    const key = `${t.connectMs}/${t.headersMs}/${t.stallMs}/${relaxTls}`;
    let agent = agents.get(key);
    if (!agent) {
        agent = new http/* Agent */.g({
            connectTimeout: t.connectMs,
            headersTimeout: t.headersMs,
            bodyTimeout: t.stallMs,
            ...(relaxTls ? { connect: { rejectUnauthorized: false } } : {}),
        });
        agents.set(key, agent);
    }
    return agent;
}
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;
class Exchange {
    options;
    constructor(options) {
        this.options = options;
    }
    get timeouts() {
        return this.options.timeouts;
    }
    now() {
        return this.options.now();
    }
    bytesTime(bytes) {
        return bytes ? (bytes / this.timeouts.minBytesPerSecond) * 1000 : 0;
    }
    /**
     * One HTTP request with its overall deadline (`deadline` ms from now, on top of undici's connect,
     * first-byte and stall timeouts) and the image's time limit. The deadline keeps running while the
     * caller reads the body, and is cleared when the body ends.
     */
    async send(url, options, deadline, bytes) {
        const image = (0,src_deadline/* currentDeadline */.SB)();
        if (image?.aborted)
            throw image.reason;
        const controller = new AbortController();
        const ms = Math.max(1, Math.min(deadline, this.timeouts.requestMs + this.bytesTime(bytes)));
        // setTimeout takes at most 2^31-1 ms (and fires at once above it): a descriptor's absurd size must not.
        const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), Math.min(ms, 2 ** 31 - 1));
        timer.unref();
        const signal = image ? AbortSignal.any([controller.signal, image]) : controller.signal;
        const target = typeof url === 'string' ? new URL(url) : url;
        try {
            const res = await (0,http/* request */.E)(target, {
                ...options,
                dispatcher: this.options.dispatcher(target),
                signal,
            });
            const done = () => clearTimeout(timer);
            res.body.once('end', done);
            res.body.once('close', done);
            res.body.once('error', done);
            return res;
        }
        catch (error) {
            clearTimeout(timer);
            throw untrustedCertificate(error, target) ?? error;
        }
    }
    /** A transport failure in words: timeouts say "timed out" and how long they waited. */
    explain(error) {
        const code = error.code;
        if (error instanceof DeadlineExceeded ||
            error instanceof src_deadline/* ImageTimeoutError */.Df ||
            error instanceof UntrustedCertificate)
            return error.message;
        if (code === 'UND_ERR_HEADERS_TIMEOUT')
            return `timed out: no response within ${seconds(this.timeouts.headersMs)}`;
        if (code === 'UND_ERR_BODY_TIMEOUT')
            return `timed out: the response made no progress for ${seconds(this.timeouts.stallMs)}`;
        if (code === 'UND_ERR_CONNECT_TIMEOUT')
            return `timed out: could not connect within ${seconds(this.timeouts.connectMs)}`;
        // One line: OpenSSL's messages carry a trailing newline and source paths.
        const message = (0,secrets/* redact */.E$)(error.message ?? String(error))
            .replace(/\s*\n\s*/g, ' ')
            .trim();
        if (/SSL routines|wrong version number|ERR_SSL/i.test(message) || /^ERR_SSL/.test(code ?? ''))
            return `TLS handshake failed (${/wrong version number/.test(message) ? 'the server speaks plain HTTP' : message.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '')})`;
        return message;
    }
    async withRetries(spec, send, budgetEnd) {
        const resendable = spec.retry !== false;
        const started = this.now();
        let timeouts = 0;
        for (let attempt = 1;; attempt++) {
            let res;
            const left = budgetEnd - this.now();
            try {
                if (left <= 0)
                    throw new DeadlineExceeded(budgetEnd - started);
                res = await send(left);
            }
            catch (error) {
                const timedOut = (0,responses/* isTimeout */.kL)(error);
                if (timedOut)
                    timeouts++;
                const giveUp = !resendable ||
                    error instanceof src_deadline/* ImageTimeoutError */.Df ||
                    attempt >= this.options.maxAttempts ||
                    (timedOut && timeouts >= this.timeouts.timeoutAttempts) ||
                    budgetEnd - this.now() <= 0 ||
                    !(0,responses/* isTransient */.dg)(error);
                if (giveUp) {
                    const tries = attempt > 1 ? ` (${attempt} attempts over ${seconds(this.now() - started)})` : '';
                    throw this.options.error(spec, undefined, `${this.explain(error)}${tries}`, (0,responses/* kindOfFailure */.uq)(error), error);
                }
                this.options.log.debug(`${spec.operation}: ${this.explain(error)}; retrying (attempt ${attempt + 1})`);
                await this.pause(this.backoff(attempt), spec);
                continue;
            }
            if (!resendable || !RETRY_STATUSES.has(res.statusCode) || attempt >= this.options.maxAttempts)
                return res;
            const wait = (0,responses/* retryAfter */.P9)((0,responses/* header */.wx)(res.headers, 'retry-after'), this.now()) ?? this.backoff(attempt);
            await res.body.dump();
            this.options.log.debug(`${spec.operation}: ${res.statusCode}; retrying in ${wait} ms (attempt ${attempt + 1})`);
            await this.pause(Math.min(wait, MAX_RETRY_AFTER_MS, Math.max(0, budgetEnd - this.now())), spec);
        }
    }
    /** A backoff that the image's time limit cuts short. */
    async pause(ms, spec) {
        const image = (0,src_deadline/* currentDeadline */.SB)();
        try {
            await (0,external_node_timers_promises_.setTimeout)(ms, undefined, image ? { signal: image } : {});
        }
        catch (error) {
            const reason = image?.reason;
            throw this.options.error(spec, undefined, this.explain(reason ?? error), 'timeout', reason ?? error);
        }
    }
    backoff(attempt) {
        return this.options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
    }
}

;// CONCATENATED MODULE: ./src/oci/registry/transport.ts








const USER_AGENT = 'layer-rebase/0.1 (+https://github.com/buildpacks/rfcs/pull/333)';
const MAX_ERROR_BODY = 64 * 1024;
const MAX_REDIRECTS = 5;


class RegistryTransport {
    options;
    registry;
    host;
    insecure;
    insecureHosts;
    base;
    auth;
    now;
    http;
    timeouts;
    uploads;
    constructor(registry, options) {
        this.options = options;
        this.registry = registry;
        this.host = (0,reference/* apiHost */.nz)(registry);
        this.insecureHosts = options.insecureRegistries ?? [];
        this.insecure = this.insecureHosts.includes(registry) || (0,reference/* isLoopbackHost */.cW)(registry);
        this.now = options.now ?? Date.now;
        this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
        this.http = new Exchange({
            timeouts: this.timeouts,
            maxAttempts: options.maxAttempts ?? 5,
            backoffMs: options.backoffMs ?? 500,
            now: this.now,
            log: options.log,
            // Chosen per request: listing the registry relaxes TLS for its own host only, not for the
            // token realm, blob storage or upload host it names.
            dispatcher: (url) => options.dispatcher ??
                agentFor(this.timeouts, (0,url_policy/* mayRelaxTls */.Fm)(url, { name: registry, apiHost: this.host }, this.insecureHosts)),
            error: (spec, status, detail, kind, cause) => this.error(spec, status, detail, kind, cause),
        });
        this.uploads = { refused: new Set(options.chunkedUploads ? ['put', 'patch'] : []) };
        this.auth = new RegistryAuth(registry, {
            credentials: options.credentials,
            log: options.log,
            insecureHosts: this.insecureHosts,
            now: this.now,
            io: {
                send: (url, init, spec) => this.http.withRetries({ method: init.method, ...spec }, (deadline) => this.http.send(url, {
                    method: init.method,
                    headers: { 'user-agent': USER_AGENT, ...init.headers },
                    ...(init.body !== undefined ? { body: init.body } : {}),
                }, deadline), this.now() + this.timeouts.operationMs),
                explain: (error) => this.http.explain(error),
                error: (spec, status, detail, kind, cause) => this.error(spec, status, detail, kind, cause),
            },
        });
    }
    get log() {
        return this.options.log;
    }
    /** A transport failure in words: timeouts say "timed out" and how long they waited. */
    explain(error) {
        return this.http.explain(error);
    }
    /** `GET /v2/`: learns whether the registry speaks HTTPS and which auth scheme it wants. */
    ping() {
        this.base ??= (async () => {
            const schemes = this.insecure ? ['https', 'http'] : ['https'];
            const failures = [];
            // Both schemes share one budget: a silent server must not cost twice.
            const budget = this.now() + this.timeouts.operationMs;
            for (const scheme of schemes) {
                const url = `${scheme}://${this.host}`;
                try {
                    const res = await this.http.withRetries({ method: 'GET', repository: '', operation: 'ping' }, (deadline) => this.http.send(`${url}/v2/`, { method: 'GET', headers: { 'user-agent': USER_AGENT } }, deadline), budget);
                    await res.body.dump();
                    const hop = { base: new URL(url), insecure: this.insecure, insecureHosts: this.insecureHosts };
                    return { url, auth: schemeOf(res.statusCode, res.headers), hop };
                }
                catch (error) {
                    // A loopback or insecure registry that speaks plain HTTP fails the TLS attempt: not news.
                    if (scheme === 'https' && this.insecure && /TLS handshake failed/.test(error.message))
                        continue;
                    failures.push(`${scheme}: ${error.message.replace(/^ping [^:]+(:\d+)?: /, '')}`);
                    // A server that showed a certificate speaks TLS: plain HTTP to it would only add a
                    // confusing "400 bad request" (and a downgrade) to the reason that matters.
                    if (error.cause instanceof UntrustedCertificate)
                        break;
                }
            }
            throw new errors/* RegistryError */.gl({
                registry: this.registry,
                repository: '',
                operation: 'ping',
                kind: failures.some((f) => f.includes('timed out')) ? 'timeout' : 'network',
            }, `cannot reach the registry (${failures.join('; ')})`);
        })();
        // A failed ping is not cached: the next operation tries again.
        this.base.catch(() => (this.base = undefined));
        return this.base;
    }
    /**
     * A `Location` the registry answered (an upload session, a manifest), resolved against the URL
     * that answered it, with its own query kept. Refused when it leads somewhere the registry may not
     * send us (plain HTTP from HTTPS, an internal address from a public registry).
     */
    async location(spec, res) {
        const value = (0,responses/* header */.wx)(res.headers, 'location');
        if (!value)
            return undefined;
        let url;
        try {
            url = new URL(value, res.url);
        }
        catch {
            throw this.error(spec, res.status, `the registry answered with an unusable Location`, 'protocol');
        }
        const refused = (0,url_policy/* hopRefusal */.kN)(url, (await this.ping()).hop);
        if (refused)
            throw this.error(spec, res.status, `refusing the upload location: ${refused}`, 'protocol');
        return url.toString();
    }
    async request(spec) {
        const base = await this.ping();
        let url = new URL(spec.url.startsWith('/') ? `${base.url}${spec.url}` : spec.url, `${base.url}/`);
        const refused = (0,url_policy/* hopRefusal */.kN)(url, base.hop);
        if (refused)
            throw this.error(spec, undefined, `refusing ${url.origin}: ${refused}`, 'protocol');
        let refreshed = false;
        let scopes = spec.scopes;
        let auth = base.auth;
        const budget = this.now() + this.timeouts.operationMs + this.http.bytesTime(spec.bytes);
        for (let redirects = 0;;) {
            // Credentials go to the registry's own origin only: never to storage a blob redirects to
            // (S3 answers "Only one auth mechanism allowed"), nor to the same host over plain HTTP.
            const trusted = (0,url_policy/* isRegistryOrigin */.wR)(url, base.hop);
            const headers = { 'user-agent': USER_AGENT, ...spec.headers };
            if (trusted) {
                const authz = await this.auth.header(auth, scopes, refreshed, base.hop);
                if (authz)
                    headers.authorization = authz;
            }
            let bytesSent = 0;
            const target = url;
            const res = await this.http.withRetries(spec, (deadline) => {
                const body = openBody(spec.body, (n) => (bytesSent += n));
                return this.http.send(target, { method: spec.method, headers, body }, deadline, spec.bytes);
            }, budget);
            this.options.onRequest?.({
                registry: this.registry,
                method: spec.method,
                path: url.pathname,
                status: res.statusCode,
                bytesSent,
            });
            if (res.statusCode === 401 &&
                trusted &&
                !refreshed &&
                (spec.body === undefined || Buffer.isBuffer(spec.body))) {
                // An expired or too narrow token, or a registry that only challenges some operations
                // (an open /v2/ but authenticated pushes): follow this response's challenge once, then
                // report the registry's answer.
                const challenged = schemeOf(401, res.headers);
                if (challenged.kind !== 'none' &&
                    (auth.kind === 'none' || challenged.kind === 'bearer' || auth.kind === 'bearer')) {
                    await res.body.dump();
                    // Learnt for the registry only when it had not asked before; one request's odd challenge
                    // (a mount naming another realm) must not change how every later request authenticates.
                    if (base.auth.kind === 'none')
                        base.auth = challenged;
                    auth = challenged;
                    scopes = [...new Set([...scopes, ...challengedScopes(res.headers)])];
                    refreshed = true;
                    continue;
                }
            }
            if (spec.followRedirects && [301, 302, 303, 307, 308].includes(res.statusCode)) {
                const location = (0,responses/* header */.wx)(res.headers, 'location');
                await res.body.dump();
                if (!location || ++redirects > MAX_REDIRECTS) {
                    throw this.error(spec, res.statusCode, 'too many redirects or a redirect without Location', 'protocol');
                }
                let next;
                try {
                    next = new URL(location, url);
                }
                catch {
                    throw this.error(spec, res.statusCode, 'a redirect to an unusable Location', 'protocol');
                }
                const why = (0,url_policy/* hopRefusal */.kN)(next, base.hop);
                if (why)
                    throw this.error(spec, res.statusCode, `refusing a redirect to ${next.origin}: ${why}`, 'protocol');
                url = next;
                continue;
            }
            return { status: res.statusCode, headers: res.headers, body: res.body, url: url.toString() };
        }
    }
    error(spec, status, detail, kind, cause, registryCodes) {
        const fields = {
            registry: this.registry,
            repository: spec.repository,
            operation: spec.operation,
            kind: kind ?? (0,responses/* kindOfStatus */.o3)(status),
        };
        if (status !== undefined)
            fields.status = status;
        if (spec.digest !== undefined)
            fields.digest = spec.digest;
        if (registryCodes)
            fields.registryCodes = registryCodes;
        return new errors/* RegistryError */.gl(fields, detail, cause === undefined ? undefined : { cause });
    }
    /** Turns an unexpected response into an error carrying the registry's own `errors[]`. */
    async failure(spec, res) {
        // A registry may echo what we sent (a token, the Basic credentials): never show it.
        const text = (0,secrets/* redact */.E$)(await (0,responses/* readCapped */.EF)(res.body, MAX_ERROR_BODY).catch(() => ''));
        const codes = [];
        let detail = (0,responses/* summariseBody */.n8)(text, codes);
        if (!detail)
            detail = responses/* STATUS_TEXT */.Zt[res.status] ?? 'unexpected response';
        if (res.status === 401) {
            // Missing and rejected credentials need different fixes: say which, and which file was read.
            const creds = await this.auth.creds().catch(() => undefined);
            const source = this.auth.source;
            detail = creds
                ? `the registry rejected the credentials for ${this.registry} from ${source}; check or renew them (docker login ${this.registry}) [${detail}]`
                : `authentication required and there are no credentials for ${this.registry} in ${source}; log in first (docker login ${this.registry}) [${detail}]`;
        }
        return this.error(spec, res.status, detail, undefined, undefined, codes);
    }
}
function openBody(body, count) {
    if (body === undefined)
        return undefined;
    if (Buffer.isBuffer(body)) {
        count(body.length);
        return body;
    }
    // Counted on the way through: a 'data' listener on the source would start it flowing before
    // undici reads it, and those bytes would be lost.
    const stream = body();
    const counted = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            count(chunk.length);
            done(null, chunk);
        },
    });
    stream.on('error', (e) => counted.destroy(e));
    return stream.pipe(counted);
}

;// CONCATENATED MODULE: ./src/oci/stores.ts



/**
 * Hands out one store per repository or layout directory, sharing one transport (and so one
 * token cache and one ping) per registry host.
 */
class Stores {
    options;
    transports = new Map();
    layouts = new Map();
    constructor(options) {
        this.options = options;
    }
    transport(registry) {
        let t = this.transports.get(registry);
        if (!t) {
            t = new RegistryTransport(registry, {
                credentials: this.options.credentials,
                log: this.options.log,
                insecureRegistries: this.options.insecureRegistries ?? [],
                ...this.options.transport,
            });
            this.transports.set(registry, t);
        }
        return t;
    }
    storeFor(ref) {
        if (ref.kind === 'layout') {
            let s = this.layouts.get(ref.dir);
            if (!s)
                this.layouts.set(ref.dir, (s = new LayoutStore(ref.dir)));
            return s;
        }
        return new store/* RegistryStore */.X(this.transport(ref.registry), ref.repository, this.options.chunkSize);
    }
}


/***/ }),

/***/ 3048:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BA: () => (/* binding */ parseDescriptor),
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FB: () => (/* binding */ parseImageConfig),
/* harmony export */   GW: () => (/* binding */ MAX_CONFIG_BYTES),
/* harmony export */   J5: () => (/* binding */ platformMatches),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   ZJ: () => (/* binding */ MAX_MANIFEST_BYTES),
/* harmony export */   dw: () => (/* binding */ parseJsonObject),
/* harmony export */   tj: () => (/* binding */ platformOf)
/* harmony export */ });
/* unused harmony export parsePlatform */
/* harmony import */ var _nesting_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(28237);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(29217);




/** Manifests and configs are small; anything larger is refused before it is parsed. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function parseJsonObject(bytes, where) {
    let value;
    const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
    if ((0,_nesting_js__WEBPACK_IMPORTED_MODULE_3__/* .tooDeep */ .DI)(text))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, '', undefined, `nested too deeply (more than ${_nesting_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_NESTING */ .M1} levels)`);
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, '', undefined, `not valid JSON (${error.message})`);
    }
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, '', value, 'expected a JSON object');
    return value;
}
function parseStringMap(value, where, key) {
    if (value === undefined || value === null)
        return undefined;
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, key, value, 'expected an object of strings');
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.${k}`, v, 'expected a string');
    }
    return value;
}
function parsePlatform(value, where, key) {
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, key, value, 'expected a platform object');
    if (typeof value.os !== 'string')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.os`, value.os, 'expected a string');
    if (typeof value.architecture !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.architecture`, value.architecture, 'expected a string');
    }
    if (value.variant !== undefined && typeof value.variant !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.variant`, value.variant, 'expected a string');
    }
    return value;
}
function parseDescriptor(value, where, key) {
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, key, value, 'expected a descriptor object');
    if (typeof value.mediaType !== 'string' || value.mediaType === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.mediaType`, value.mediaType, 'expected a media type');
    }
    (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(value.digest, where, `${key}.digest`);
    if (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `${key}.size`, value.size, 'expected a non-negative integer');
    }
    parseStringMap(value.annotations, where, `${key}.annotations`);
    if (value.platform !== undefined)
        parsePlatform(value.platform, where, `${key}.platform`);
    return value;
}
/**
 * Parses an image manifest or index. `contentType` is what the registry (or the referring
 * descriptor) said; an OCI manifest may omit its own `mediaType`, Docker ones never do.
 */
function parseManifest(bytes, where, contentType) {
    const raw = parseJsonObject(bytes, where);
    if (raw.schemaVersion !== 2)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'schemaVersion', raw.schemaVersion, 'expected 2');
    const declared = typeof raw.mediaType === 'string' ? raw.mediaType : undefined;
    if (declared !== undefined &&
        contentType !== undefined &&
        isKnownManifestType(contentType) &&
        declared !== contentType) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'mediaType', declared, `the document says one type and was served as "${contentType}"`);
    }
    const mediaType = declared ?? (contentType && isKnownManifestType(contentType) ? contentType : undefined);
    if (mediaType === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'mediaType', raw.mediaType, 'the manifest has no media type and none was given');
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(mediaType)) {
        if (!Array.isArray(raw.manifests))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'manifests', raw.manifests, 'expected an array');
        raw.manifests.forEach((d, i) => parseDescriptor(d, where, `manifests[${i}]`));
        parseStringMap(raw.annotations, where, 'annotations');
        return { kind: 'index', value: { ...raw, mediaType } };
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isImageManifestMediaType */ .d6)(mediaType)) {
        parseDescriptor(raw.config, where, 'config');
        if (!Array.isArray(raw.layers))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'layers', raw.layers, 'expected an array');
        raw.layers.forEach((d, i) => parseDescriptor(d, where, `layers[${i}]`));
        parseStringMap(raw.annotations, where, 'annotations');
        return { kind: 'image', value: { ...raw, mediaType } };
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'mediaType', mediaType, 'not an image manifest or index media type');
}
function isKnownManifestType(mediaType) {
    return (0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(mediaType) || (0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isImageManifestMediaType */ .d6)(mediaType);
}
function parseImageConfig(bytes, where) {
    const raw = parseJsonObject(bytes, where);
    if (typeof raw.os !== 'string')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'os', raw.os, 'expected a string');
    if (typeof raw.architecture !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'architecture', raw.architecture, 'expected a string');
    }
    const rootfs = raw.rootfs;
    if (!isObject(rootfs) || rootfs.type !== 'layers' || !Array.isArray(rootfs.diff_ids)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'rootfs', rootfs, 'expected {"type": "layers", "diff_ids": [...]}');
    }
    rootfs.diff_ids.forEach((d, i) => (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(d, where, `rootfs.diff_ids[${i}]`));
    if (raw.history !== undefined && raw.history !== null) {
        if (!Array.isArray(raw.history))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'history', raw.history, 'expected an array');
        raw.history.forEach((h, i) => {
            if (!isObject(h))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, `history[${i}]`, h, 'expected an object');
        });
    }
    if (raw.config !== undefined && raw.config !== null) {
        if (!isObject(raw.config))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FormatError */ .IF(where, 'config', raw.config, 'expected an object');
        parseStringMap(raw.config.Labels, where, 'config.Labels');
    }
    return raw;
}
function platformOf(config) {
    const platform = { architecture: config.architecture, os: config.os };
    if (config.variant)
        platform.variant = config.variant;
    if (config['os.version'])
        platform['os.version'] = config['os.version'];
    return platform;
}
function formatPlatform(p) {
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
/**
 * Whether an index entry serves the wanted platform. An entry without a variant serves any
 * variant only where the architecture has a single meaningful default (arm64 → v8).
 */
function platformMatches(candidate, wanted) {
    if (!candidate)
        return false;
    if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture)
        return false;
    const normalise = (arch, variant) => variant ?? (arch === 'arm64' ? 'v8' : undefined);
    return (normalise(candidate.architecture, candidate.variant) === normalise(wanted.architecture, wanted.variant));
}


/***/ }),

/***/ 21302:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   eu: () => (/* binding */ globMatch),
/* harmony export */   fN: () => (/* binding */ validateGlob)
/* harmony export */ });
/* unused harmony export GlobSyntaxError */
/**
 * Globs with exactly Go's `path.Match` semantics, which lifecycle uses (`filepath.Match` on Linux):
 * `*` is any run of non-`/` bytes, `?` one non-`/` character, `[...]` a class of characters and
 * ranges negated only by `^` (`!` is an ordinary character), `\` escapes. Like Go it works on the
 * UTF-8 bytes: literals compare bytes, `?` and classes decode one rune. The algorithm is Go's: each
 * star-free chunk is matched at the leftmost place it fits, so time is O(pattern × name) and no
 * input can make it backtrack exponentially (a regular expression would).
 */
class GlobSyntaxError extends Error {
    pattern;
    constructor(pattern, reason) {
        super(`invalid glob "${pattern}": ${reason}`);
        this.pattern = pattern;
    }
}
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const SLASH = 0x2f;
const RUNE_ERROR = 0xfffd;
/** Go's utf8.DecodeRune: the rune at `i` and its width; invalid encodings are (RuneError, 1). */
function decodeRune(b, i) {
    const b0 = b[i];
    if (b0 < 0x80)
        return [b0, 1];
    const cont = (k) => {
        const c = b[i + k];
        return c !== undefined && (c & 0xc0) === 0x80 ? c & 0x3f : -1;
    };
    if (b0 >= 0xc2 && b0 <= 0xdf) {
        const c1 = cont(1);
        return c1 < 0 ? [RUNE_ERROR, 1] : [((b0 & 0x1f) << 6) | c1, 2];
    }
    if (b0 >= 0xe0 && b0 <= 0xef) {
        const c1 = cont(1);
        const c2 = cont(2);
        if (c1 < 0 || c2 < 0)
            return [RUNE_ERROR, 1];
        const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
        if (r < 0x800 || (r >= 0xd800 && r <= 0xdfff))
            return [RUNE_ERROR, 1];
        return [r, 3];
    }
    if (b0 >= 0xf0 && b0 <= 0xf4) {
        const c1 = cont(1);
        const c2 = cont(2);
        const c3 = cont(3);
        if (c1 < 0 || c2 < 0 || c3 < 0)
            return [RUNE_ERROR, 1];
        const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
        if (r < 0x10000 || r > 0x10ffff)
            return [RUNE_ERROR, 1];
        return [r, 4];
    }
    return [RUNE_ERROR, 1];
}
/** Go's scanChunk: leading stars, then everything up to the next star outside a class. */
function scanChunk(p, from) {
    let i = from;
    let star = false;
    while (i < p.length && p[i] === STAR) {
        i++;
        star = true;
    }
    const start = i;
    let inRange = false;
    for (; i < p.length; i++) {
        const c = p[i];
        if (c === BACKSLASH) {
            if (i + 1 < p.length)
                i++;
        }
        else if (c === OPEN)
            inRange = true;
        else if (c === CLOSE)
            inRange = false;
        else if (c === STAR && !inRange)
            break;
    }
    return { star, start, end: i };
}
class BadPattern extends Error {
}
/** Go's getEsc: one (possibly escaped) rune of a class; `-` or `]` in its place is malformed. */
function classRune(p, i, end) {
    if (i >= end || p[i] === DASH || p[i] === CLOSE)
        throw new BadPattern('malformed character class');
    if (p[i] === BACKSLASH) {
        i++;
        if (i >= end)
            throw new BadPattern('trailing backslash');
    }
    const [r, n] = decodeRune(p, i);
    if (r === RUNE_ERROR && n === 1)
        throw new BadPattern('invalid UTF-8');
    if (i + n >= end)
        throw new BadPattern('unterminated character class');
    return [r, i + n];
}
/**
 * Go's matchChunk: matches p[start, end) at the beginning of s[from...]; returns where s continues,
 * or -1. The whole chunk is always read, so a malformed one is reported whatever the name.
 */
function matchChunk(p, start, end, s, from) {
    let failed = false;
    let j = from;
    let i = start;
    while (i < end) {
        if (!failed && j >= s.length)
            failed = true;
        const c = p[i];
        if (c === OPEN) {
            let r = 0;
            if (!failed) {
                const [rune, n] = decodeRune(s, j);
                r = rune;
                j += n;
            }
            i++;
            let negated = false;
            if (i < end && p[i] === CARET) {
                negated = true;
                i++;
            }
            let match = false;
            let ranges = 0;
            for (;;) {
                if (i < end && p[i] === CLOSE && ranges > 0) {
                    i++;
                    break;
                }
                const [lo, afterLo] = classRune(p, i, end);
                let hi = lo;
                i = afterLo;
                if (p[i] === DASH)
                    [hi, i] = classRune(p, i + 1, end);
                if (lo <= r && r <= hi)
                    match = true;
                ranges++;
            }
            if (match === negated)
                failed = true;
        }
        else if (c === QUESTION) {
            if (!failed) {
                if (s[j] === SLASH)
                    failed = true;
                j += decodeRune(s, j)[1];
            }
            i++;
        }
        else {
            if (c === BACKSLASH) {
                i++;
                if (i >= end)
                    throw new BadPattern('trailing backslash');
            }
            if (!failed) {
                if (p[i] !== s[j])
                    failed = true;
                j++;
            }
            i++;
        }
    }
    return failed ? -1 : j;
}
function match(p, s) {
    let pi = 0;
    let si = 0;
    pattern: while (pi < p.length) {
        const chunk = scanChunk(p, pi);
        pi = chunk.end;
        if (chunk.star && chunk.start === chunk.end) {
            // A trailing star matches the rest of the name unless it has a `/`.
            return s.indexOf(SLASH, si) < 0;
        }
        const last = pi >= p.length;
        const t = matchChunk(p, chunk.start, chunk.end, s, si);
        // The last chunk must use up the name; otherwise a later start may still fit.
        if (t >= 0 && (t === s.length || !last)) {
            si = t;
            continue;
        }
        if (chunk.star) {
            for (let i = si; i < s.length && s[i] !== SLASH; i++) {
                const u = matchChunk(p, chunk.start, chunk.end, s, i + 1);
                if (u >= 0) {
                    if (last && u < s.length)
                        continue;
                    si = u;
                    continue pattern;
                }
            }
        }
        // Before answering no, check that the rest of the pattern is well-formed, as Go does.
        while (pi < p.length) {
            const rest = scanChunk(p, pi);
            pi = rest.end;
            matchChunk(p, rest.start, rest.end, new Uint8Array(0), 0);
        }
        return false;
    }
    return si === s.length;
}
const encoder = new TextEncoder();
/** Whether `name` matches `pattern`; a malformed pattern throws GlobSyntaxError, whatever the name. */
function globMatch(pattern, name) {
    try {
        return match(encoder.encode(pattern), encoder.encode(name));
    }
    catch (error) {
        if (error instanceof BadPattern)
            throw new GlobSyntaxError(pattern, error.message);
        throw error;
    }
}
/** Why a pattern is malformed, or undefined when it is a valid glob. */
function validateGlob(pattern) {
    try {
        globMatch(pattern, '');
        return undefined;
    }
    catch (error) {
        if (error instanceof GlobSyntaxError)
            return error.message;
        throw error;
    }
}


/***/ }),

/***/ 91659:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   UN: () => (/* binding */ matchPatches),
/* harmony export */   g5: () => (/* binding */ lookupDataPath)
/* harmony export */ });
/* unused harmony exports selectorMismatch, dataMatches, layerPatchMatches, launcherPatchMatches, sourceAppliesTo */
/* harmony import */ var _suggest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(42969);
/* harmony import */ var _glob_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(21302);


const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * The value a selector path reaches, as lifecycle finds it: the key is split on every `.` and each
 * part looked up in a nested object (a literal key `"artifact.version"` is never found); `found` is
 * false when a part is missing or the path runs into something that is not an object.
 */
function lookupDataPath(data, path) {
    let node = data;
    for (const part of path.split('.')) {
        if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, part))
            return { found: false };
        node = node[part];
    }
    return { found: true, value: node };
}
/** Why one data selector does not match, or undefined when it does. Only strings match (lifecycle). */
function selectorMismatch(data, path, pattern) {
    const { found, value } = lookupDataPath(data, path);
    if (!found)
        return `data.${path} is missing`;
    if (typeof value === 'string') {
        return (0,_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .globMatch */ .eu)(pattern, value) ? undefined : `data.${path} is "${value}", not "${pattern}"`;
    }
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    const shown = typeof value === 'object' && value !== null ? '' : ` (${JSON.stringify(value)})`;
    return `data.${path} is ${kind}${shown}; lifecycle matches strings only`;
}
function dataMatches(selectors, data) {
    return Object.entries(selectors).every(([path, pattern]) => !selectorMismatch(data, path, pattern));
}
function buildpackMatches(patch, id) {
    // A published patch names its own buildpack exactly (scope.ts refuses glob characters there);
    // comparing strings here too means a glob can never widen it, whatever slipped through.
    return patch.source.kind === 'buildpack' ? patch.buildpack === id : (0,_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .globMatch */ .eu)(patch.buildpack, id);
}
function layerPatchMatches(patch, buildpack, layer, data) {
    return buildpackMatches(patch, buildpack) && (0,_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .globMatch */ .eu)(patch.layer, layer) && dataMatches(patch.data, data);
}
function launcherPatchMatches(patch, launcherSha) {
    if (!launcherSha)
        return false;
    return patch.mustMatchSha === undefined || patch.mustMatchSha.includes(launcherSha);
}
/** A patch file from a buildpack's `[[targets]]` entry applies only to images of that os/arch/variant. */
function sourceAppliesTo(patch, platform) {
    const only = patch.source.platform;
    if (!only)
        return true;
    if (only.os !== undefined && only.os !== platform.os)
        return false;
    if (only.arch !== undefined && only.arch !== platform.architecture)
        return false;
    return only.variant === undefined || only.variant === platform.variant;
}
function samePatchImage(a, b) {
    return a.patchImage === b.patchImage && a.mirrors.join('\n') === b.mirrors.join('\n');
}
const list = (names) => (names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', '));
/** `did you mean "buildpack": "example/node"?` for a selector the image's names suggest, or nothing. */
function nearest(key, pattern, names) {
    const near = (0,_suggest_js__WEBPACK_IMPORTED_MODULE_1__/* .suggestNames */ .Rd)(pattern, names, _glob_js__WEBPACK_IMPORTED_MODULE_0__/* .globMatch */ .eu);
    return near.length === 0 ? undefined : near.map((n) => `"${key}": "${n}"`).join(' or ');
}
/** Why a layer patch selected nothing in this image, as precisely as the metadata tells. */
function whyLayerUnmatched(patch, metadata) {
    const buildpacks = metadata.buildpacks ?? [];
    const bps = buildpacks.filter((bp) => buildpackMatches(patch, bp.key));
    if (bps.length === 0) {
        const ids = buildpacks.map((b) => b.key);
        const didYouMean = nearest('buildpack', patch.buildpack, ids);
        return {
            kind: 'buildpack',
            reason: `no buildpack matches "${patch.buildpack}"${didYouMean ? ` (did you mean ${didYouMean}?)` : ''}; the image has ${list(ids)}`,
            ...(didYouMean ? { didYouMean } : {}),
        };
    }
    const layers = bps.flatMap((bp) => Object.entries(bp.layers ?? {})
        .filter(([name]) => (0,_glob_js__WEBPACK_IMPORTED_MODULE_0__/* .globMatch */ .eu)(patch.layer, name))
        .map(([name, layer]) => ({ bp: bp.key, name, data: layer.data })));
    if (layers.length === 0) {
        const names = bps.flatMap((bp) => Object.keys(bp.layers ?? {}).map((n) => `${bp.key}/${n}`));
        const layerNames = bps.flatMap((bp) => Object.keys(bp.layers ?? {}));
        const didYouMean = nearest('layer', patch.layer, layerNames);
        return {
            kind: 'layer',
            reason: `no layer matches "${patch.layer}" in ${list([...new Set(bps.map((b) => b.key))])}${didYouMean ? ` (did you mean ${didYouMean}?)` : ''}; it has ${list(names)}`,
            ...(didYouMean ? { didYouMean } : {}),
        };
    }
    return {
        kind: 'data',
        reason: layers
            .map((l) => {
            const why = Object.entries(patch.data)
                .map(([path, pattern]) => selectorMismatch(l.data, path, pattern))
                .filter((w) => w !== undefined);
            return `${l.bp}/${l.name}: ${why.join(', ')}`;
        })
            .join('; '),
    };
}
/**
 * Matches an ordered patch list against an app image's lifecycle metadata the way lifecycle does:
 * every patch against every `buildpacks[]` entry and layer, in order, so that when two select the
 * same layer the later one is what the image ends with. An earlier one with another patch image is
 * reported as overridden; an identical one is merged silently.
 */
function matchPatches(metadata, allPatches, platform) {
    const patches = platform ? allPatches.filter((p) => sourceAppliesTo(p, platform)) : allPatches;
    const matches = [];
    const used = new Set();
    const pick = (target, candidates) => {
        const winner = candidates[candidates.length - 1];
        if (!winner)
            return;
        for (const p of candidates)
            used.add(p);
        matches.push({
            target,
            patch: winner,
            overridden: candidates
                .slice(0, -1)
                .filter((p) => !samePatchImage(p, winner))
                .map((p) => ({ patch: p, by: winner })),
        });
    };
    (metadata.buildpacks ?? []).forEach((bp, index) => {
        for (const [name, layer] of Object.entries(bp.layers ?? {})) {
            pick({ kind: 'layer', buildpack: bp.key, layer: name, index }, patches.filter((p) => p.kind === 'layer' &&
                layerPatchMatches(p, bp.key, name, layer.data) &&
                (p.only === undefined ||
                    (p.only.buildpack === bp.key &&
                        p.only.layer === name &&
                        (p.only.index === undefined || p.only.index === index)))));
        }
    });
    pick({ kind: 'launcher' }, patches.filter((p) => p.kind === 'launcher' && launcherPatchMatches(p, metadata.launcher?.sha)));
    const unmatched = patches
        .filter((p) => !used.has(p))
        .map((patch) => patch.kind === 'layer'
        ? { patch, ...whyLayerUnmatched(patch, metadata) }
        : {
            patch,
            kind: 'launcher',
            reason: metadata.launcher?.sha
                ? `the launcher ${metadata.launcher.sha} is not in must-match-sha`
                : 'the image records no launcher',
        });
    return { matches, unmatched };
}


/***/ }),

/***/ 56734:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ checkScope),
/* harmony export */   F: () => (/* binding */ SCOPE_VIOLATION)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);

/** The error code of a scope violation: it fails the whole run, never just one image. */
const SCOPE_VIOLATION = 'patch-scope-violation';
/**
 * A patch file that buildpack X publishes may patch only X's own layers: every entry's `buildpack`
 * must be X exactly (no glob reaching other buildpacks) and there is no launcher patch. A careless or
 * compromised buildpack must not be able to swap another buildpack's layers.
 */
function checkScope(file) {
    const owner = file.source.buildpack;
    if (file.source.kind !== 'buildpack' || owner === undefined)
        return;
    const via = file.source.via ? ` (via ${file.source.via})` : '';
    for (const patch of file.patches) {
        if (patch.kind === 'launcher') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PatchFileError */ .zM(file.source.location, patch.where, undefined, `published by buildpack ${owner}${via}, which may only patch its own layers, not the launcher`, SCOPE_VIOLATION);
        }
        if (/[*?[\]\\]/.test(patch.buildpack)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PatchFileError */ .zM(file.source.location, `${patch.where}.buildpack`, patch.buildpack, `published by buildpack ${owner}${via}: a published patch names its buildpack exactly, without glob characters`, SCOPE_VIOLATION);
        }
        if (patch.buildpack !== owner) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PatchFileError */ .zM(file.source.location, `${patch.where}.buildpack`, patch.buildpack, `published by buildpack ${owner}${via}, which may only patch its own layers ("buildpack" must be "${owner}")`, SCOPE_VIOLATION);
        }
    }
}


/***/ }),

/***/ 34527:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ describeSource),
/* harmony export */   r: () => (/* binding */ describeSelector)
/* harmony export */ });
function describeSource(source) {
    if (source.kind === 'buildpack') {
        return `${source.location} (published by ${source.buildpack}${source.via ? ` via ${source.via}` : ''})`;
    }
    return source.location;
}
function describeSelector(patch) {
    if (patch.kind === 'launcher') {
        return patch.mustMatchSha ? `launcher (must-match-sha: ${patch.mustMatchSha.length})` : 'launcher';
    }
    const data = Object.entries(patch.data)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
    return `${patch.buildpack} / ${patch.layer}${data ? ` [${data}]` : ''}`;
}


/***/ }),

/***/ 76808:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ containmentFor),
/* harmony export */   k: () => (/* binding */ containmentViolation)
/* harmony export */ });
/* harmony import */ var _cnb_tar_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(91974);

function containmentFor(target, layersRoot) {
    if (target.kind === 'launcher')
        return { dir: 'cnb/lifecycle' };
    return {
        dir: (0,_cnb_tar_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseTarPath */ .p5)(`${layersRoot}/${target.buildpack.replace(/\//g, '_')}/${target.layer}`),
    };
}
const inside = (path, dir) => path === dir || path.startsWith(`${dir}/`);
/**
 * Checks one entry against the containment rule; returns why it breaks it, or undefined.
 * `symlinks` collects the symlinks seen so far in this layer: an entry below one of them would be
 * written through it, wherever it points.
 */
function containmentViolation(header, rule, symlinks) {
    const path = (0,_cnb_tar_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseTarPath */ .p5)(header.name);
    const shown = `"${header.name}"`;
    if (path.split('/').includes('..'))
        return `${shown} contains ".."`;
    if (path === '' || path === '.')
        return header.type === 'directory' ? undefined : `${shown} is not a directory`;
    if (inside(rule.dir, path) && path !== rule.dir) {
        return header.type === 'directory'
            ? undefined
            : `${shown} is a ${header.type}, where only a directory may be`;
    }
    if (!inside(path, rule.dir))
        return `${shown} is outside /${rule.dir}/`;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
        if (symlinks.has(parts.slice(0, i).join('/')))
            return `${shown} is written through the symlink /${parts.slice(0, i).join('/')}`;
    }
    switch (header.type) {
        case 'file':
        case 'directory':
            return undefined;
        case 'symlink':
            symlinks.add(path);
            return undefined;
        case 'link': {
            const target = (0,_cnb_tar_js__WEBPACK_IMPORTED_MODULE_0__/* .normaliseTarPath */ .p5)(header.linkname);
            if (target.split('/').includes('..') || !inside(target, rule.dir))
                return `${shown} is a hard link to "${header.linkname}", outside /${rule.dir}/`;
            return undefined;
        }
        default:
            return `${shown} is a ${header.type}`;
    }
}


/***/ }),

/***/ 28801:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $r: () => (/* binding */ commitImage),
  kx: () => (/* binding */ indexWithChildren),
  Fs: () => (/* binding */ prepareImage)
});

// UNUSED EXPORTS: rebaseImage, targetReferences

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __nccwpck_require__(3048);
// EXTERNAL MODULE: ./src/result.ts
var src_result = __nccwpck_require__(51666);
// EXTERNAL MODULE: ./src/rebase/push.ts + 1 modules
var rebase_push = __nccwpck_require__(84487);
// EXTERNAL MODULE: ./src/rebase/rewrite.ts + 1 modules
var rewrite = __nccwpck_require__(8753);
// EXTERNAL MODULE: ./src/rebase/sbom-step.ts + 1 modules
var sbom_step = __nccwpck_require__(75954);
// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __nccwpck_require__(74693);
;// CONCATENATED MODULE: ./src/rebase/work.ts
function forPush(w) {
    return {
        ...(w.descriptor ? { descriptor: w.descriptor } : {}),
        before: w.before,
        plan: w.plan,
        patchImages: w.patchImages,
        ...(w.rewritten ? { rewritten: w.rewritten } : {}),
        ...(w.runStore ? { runStore: w.runStore } : {}),
        ...(w.inTransit ? { inTransit: w.inTransit } : {}),
        app: { manifest: w.app.manifest },
        ...(w.sbom
            ? {
                sbom: {
                    ...(w.sbom.change ? { change: w.sbom.change } : {}),
                    ...(w.sbom.blob ? { blob: w.sbom.blob } : {}),
                },
            }
            : {}),
    };
}

// EXTERNAL MODULE: ./src/cnb/sbom.ts
var sbom = __nccwpck_require__(24028);
// EXTERNAL MODULE: ./src/cnb/tar-reader.ts
var tar_reader = __nccwpck_require__(96880);
// EXTERNAL MODULE: ./src/oci/registry/store.ts + 1 modules
var registry_store = __nccwpck_require__(45026);
// EXTERNAL MODULE: ./src/patches/scope.ts
var scope = __nccwpck_require__(56734);
// EXTERNAL MODULE: ./src/patches/types.ts
var patches_types = __nccwpck_require__(34527);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
// EXTERNAL MODULE: ./src/rebase/containment.ts
var containment = __nccwpck_require__(76808);
// EXTERNAL MODULE: ./src/rebase/inspect-layer.ts
var inspect_layer = __nccwpck_require__(91528);
// EXTERNAL MODULE: ./src/rebase/plan.ts
var plan = __nccwpck_require__(79553);
;// CONCATENATED MODULE: ./src/rebase/verify-layers.ts












/**
 * Reads every patch layer once before anything is pushed: its diffID must be what its config claims,
 * and it may write only under its own layer directory (the launcher under /cnb/lifecycle/). A
 * published patch that breaks this is a scope violation that fails the run; an explicit patch file's
 * is refused unless `force`.
 */
async function inspectPatchLayers(w, options, result, targets) {
    const root = (0,sbom/* layersRoot */.Dc)(w.app.config.config?.Env);
    for (const swap of w.plan.swaps) {
        const { store } = w.patchImages.get((0,plan/* patchImageKey */.FW)(swap.patch));
        const rule = (0,containment/* containmentFor */._)(swap.target, root);
        const layer = swap.to.descriptor;
        // A layer that must travel to another registry anyway is verified in the same pass as the copy,
        // and judged before the commit. A published patch is verified first, whatever it costs: its
        // scope violation must stop the whole run before any image is pushed.
        const travels = swap.patch.source.kind !== 'buildpack' && targets.some((t) => !sameRegistry(t, store));
        if (travels) {
            const known = await options.resolver.knownInspection(store, layer, swap.to.diffId, rule);
            if (known)
                judgeInspection(w.app.reference, swap, rule, known, options, result);
            else
                (w.inTransit ??= new Map()).set(layer.digest, inTransit(w.app.reference, swap, rule, store, options, result));
            continue;
        }
        const inspection = await options.resolver
            .inspectLayer(store, layer, swap.to.diffId, rule)
            .catch((e) => Promise.reject(inspectionFailed(w.app.reference, swap, e)));
        judgeInspection(w.app.reference, swap, rule, inspection, options, result);
    }
}
function sameRegistry(a, b) {
    return a instanceof registry_store/* RegistryStore */.X && b instanceof registry_store/* RegistryStore */.X && a.registry === b.registry;
}
/** Compressed bytes the check of a layer in transit may fall behind its upload. */
const CHECK_BUFFER = 512 << 10;
/** A patch layer verified on its way to the target: the copy's bytes are teed into the check. */
function inTransit(reference, swap, rule, store, options, result) {
    let running;
    return {
        tap(stream) {
            // The copy of a verified download is as verified as the download: it ends only after it.
            const digest = (0,oci_digest/* verifiedDigest */.vd)(stream);
            const upload = digest ? (0,oci_digest/* markVerified */.SG)(new external_node_stream_.PassThrough(), digest) : new external_node_stream_.PassThrough();
            // Room for the block being inflated and the next: the download then does not wait on inflate.
            const check = new external_node_stream_.PassThrough({ highWaterMark: CHECK_BUFFER });
            stream.on('error', (e) => {
                upload.destroy(e);
                check.destroy(e);
            });
            // An upload given up on ends this read too (a retry streams again), rather than stalling the check.
            upload.once('close', () => {
                if (!stream.readableEnded)
                    stream.destroy();
            });
            stream.pipe(upload);
            stream.pipe(check);
            running = options.resolver.inspectInTransit(check, store, swap.to.descriptor, swap.to.diffId, rule);
            // Judged in settle(); until then a failure must not surface as unhandled.
            running.catch(() => { });
            return upload;
        },
        async settle() {
            // Not streamed (already there, or mounted): read it now, before the commit.
            const inspection = await (running ?? options.resolver.inspectLayer(store, swap.to.descriptor, swap.to.diffId, rule)).catch((e) => Promise.reject(inspectionFailed(reference, swap, e)));
            judgeInspection(reference, swap, rule, inspection, options, result);
        },
    };
}
/**
 * A patch layer that cannot be read the way runtimes read it cannot be shown to stay in its directory:
 * published, a scope violation; explicit, refused (not even force reads it differently).
 */
function inspectionFailed(reference, swap, error) {
    if (!(error instanceof tar_reader/* UnsafeTarError */.KE))
        return (0,inspect_layer/* patchImageFault */.I2)(swap.patchImage.reference, error);
    const what = `patch layer ${swap.to.descriptor.digest} for ${(0,rebase_types/* targetName */.j)(swap.target)} from ${swap.patchImage.reference} is not a tar every runtime reads alike: ${error.reason}`;
    if (swap.patch.source.kind === 'buildpack')
        return new errors/* LayerRebaseError */.wN(scope/* SCOPE_VIOLATION */.F, `${reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${(0,patches_types/* describeSource */.B)(swap.patch.source)}); the run stops and nothing is pushed`);
    return new errors/* PolicyError */.pn(reference, `refused, nothing was pushed: ${what}`);
}
/** Containment: a published patch that breaks it is a scope violation, an explicit one refused unless force. */
function judgeInspection(reference, swap, rule, { violations }, options, result) {
    if (violations.length === 0)
        return;
    const what = `patch layer ${swap.to.descriptor.digest} for ${(0,rebase_types/* targetName */.j)(swap.target)} from ${swap.patchImage.reference} writes outside /${rule.dir}/: ${violations.join('; ')}`;
    if (swap.patch.source.kind === 'buildpack') {
        throw new errors/* LayerRebaseError */.wN(scope/* SCOPE_VIOLATION */.F, `${reference}: ${what} (patch published by ${swap.patch.source.buildpack} in ${(0,patches_types/* describeSource */.B)(swap.patch.source)}); the run stops and nothing is pushed`);
    }
    if (!options.force) {
        throw new errors/* PolicyError */.pn(reference, `refused, nothing was pushed: ${what} (set force to override)`);
    }
    result.warnings.push(`${reference}: ${what}; pushed anyway because force is set`);
}

// EXTERNAL MODULE: ./src/rebase/read-image.ts
var read_image = __nccwpck_require__(14478);
// EXTERNAL MODULE: ./src/signing/lookups.ts
var lookups = __nccwpck_require__(36028);
// EXTERNAL MODULE: ./src/rebase/vuln-step.ts + 2 modules
var vuln_step = __nccwpck_require__(93799);
// EXTERNAL MODULE: ./src/vulns/aliases.ts
var aliases = __nccwpck_require__(38064);
// EXTERNAL MODULE: ./src/vulns/judge.ts + 1 modules
var judge = __nccwpck_require__(63476);
// EXTERNAL MODULE: ./src/vulns/reports.ts
var reports = __nccwpck_require__(51291);
;// CONCATENATED MODULE: ./src/vulns/image.ts



function assessImage(platforms) {
    if (!platforms.some((p) => p.vulnerabilities))
        return undefined;
    const groups = new aliases/* AliasGroups */.v4();
    for (const p of platforms)
        for (const f of findingsOf(p.vulnerabilities))
            groups.add(f.id, f.group);
    const out = { fixed: [], open: [], undecided: [] };
    const several = platforms.length > 1;
    for (const members of groups.all()) {
        const ids = new Set(members);
        let state = 'fixed';
        let why = '';
        let severity = 'unknown';
        const packages = new Set();
        const fixedOn = [];
        for (const p of platforms) {
            const v = p.vulnerabilities;
            const mine = findingsOf(v).filter((f) => ids.has(f.id));
            // An id of the group that this platform's reports did not link still counts where it is kept.
            const keptHere = v !== undefined && v.reports.length > 0 && v.elsewhere.some((id) => ids.has(id));
            const here = (text) => (several ? `${text} on ${p.platform}` : text);
            let platformState;
            let platformWhy;
            if (mine.length > 0) {
                platformState = mine.reduce((s, f) => (0,judge/* worstState */.Fk)(s, f.state), 'fixed');
                platformWhy = here(`${platformState}: ${mine.find((f) => f.state === platformState).reason}`);
                for (const f of mine) {
                    packages.add(`${f.package} ${f.from} → ${f.to ?? '?'}`);
                    if ((0,reports/* severityRank */.qs)(f.severity) > (0,reports/* severityRank */.qs)(severity))
                        severity = f.severity;
                }
                if (keptHere && platformState !== 'open') {
                    platformState = 'open';
                    platformWhy = here(`open: ${v.elsewhere.filter((id) => ids.has(id)).join(', ')} still reported in layers the plan does not change`);
                }
                if (platformState === 'fixed')
                    fixedOn.push(p.platform);
            }
            else if (keptHere) {
                platformState = 'open';
                platformWhy = here('still reported in layers the plan does not change');
            }
            else if (!v || v.reports.length === 0) {
                platformState = 'undecided';
                platformWhy = `no vulnerability report describes ${p.platform}`;
            }
            else {
                platformState = 'undecided';
                platformWhy = `${p.platform}'s reports do not list it: nothing shows it fixed there`;
            }
            if ((0,judge/* worstState */.Fk)(state, platformState) !== state) {
                state = platformState;
                why = platformWhy;
            }
        }
        const id = (0,aliases/* displayId */.kX)(members);
        out[state].push({
            id,
            aliases: (0,aliases/* statedAliases */.Q6)(id, members),
            severity,
            state,
            packages: [...packages].sort(),
            fixedOn,
            reason: state === 'fixed' ? fixedWhy(fixedOn, platforms.length) : why,
        });
    }
    for (const list of [out.fixed, out.open, out.undecided])
        list.sort((a, b) => (0,reports/* severityRank */.qs)(b.severity) - (0,reports/* severityRank */.qs)(a.severity) || (a.id < b.id ? -1 : 1));
    return out;
}
function fixedWhy(fixedOn, platforms) {
    return platforms === 1 ? 'fixed' : `fixed on every platform (${fixedOn.join(', ')})`;
}
function findingsOf(v) {
    return v ? [...v.fixed, ...v.open, ...v.undecided] : [];
}

// EXTERNAL MODULE: ./src/signing/bounded-fetch.ts
var bounded_fetch = __nccwpck_require__(75975);
// EXTERNAL MODULE: ./src/tag-locks.ts
var tag_locks = __nccwpck_require__(23322);
// EXTERNAL MODULE: ./src/oci/store.ts
var oci_store = __nccwpck_require__(49800);
// EXTERNAL MODULE: ./src/signing/formats.ts
var formats = __nccwpck_require__(2207);
;// CONCATENATED MODULE: ./src/signing/recorded.ts

/** What a stored bundle's verification material says (nothing for a bundle signed by a key alone). */
function recordedInBundle(bundle) {
    let material;
    try {
        material =
            JSON.parse(bundle.toString('utf8'))
                .verificationMaterial ?? {};
    }
    catch {
        return {};
    }
    return recorded(material.tlogEntries?.[0]?.logIndex, material.timestampVerificationData?.rfc3161Timestamps?.[0]?.signedTimestamp);
}
/** What a `.sig` layer's annotations say: the Rekor bundle's log index, the RFC 3161 timestamp. */
function recordedInLegacy(annotations) {
    const json = (text) => {
        try {
            return text ? JSON.parse(text) : undefined;
        }
        catch {
            return undefined;
        }
    };
    const rekor = json(annotations[formats/* ANNOTATION */.YX.bundle])?.Payload;
    return recorded(rekor?.logIndex, json(annotations[formats/* ANNOTATION */.YX.timestamp])?.SignedRFC3161Timestamp);
}
function recorded(logIndex, signedTimestamp) {
    const out = {};
    // The bundle's JSON writes an int64 as a string, cosign's annotation as a number.
    const index = typeof logIndex === 'string' && /^\d+$/.test(logIndex) ? Number(logIndex) : logIndex;
    if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0)
        out.logIndex = index;
    if (typeof signedTimestamp === 'string') {
        const time = timestampTime(Buffer.from(signedTimestamp, 'base64'));
        if (time)
            out.timestamp = time;
    }
    return out;
}
function recorded_element(der, at, limit = der.length) {
    const tag = der[at];
    let length = der[at + 1];
    if (tag === undefined || length === undefined || (tag & 0x1f) === 0x1f)
        throw new Error('not DER');
    let start = at + 2;
    if (length & 0x80) {
        const bytes = length & 0x7f;
        // Indefinite (BER) or absurd lengths are not what a timestamp authority writes.
        if (bytes === 0 || bytes > 4)
            throw new Error('not DER');
        length = 0;
        for (let i = 0; i < bytes; i++)
            length = length * 256 + (der[start++] ?? 0);
    }
    if (start + length > limit)
        throw new Error('not DER');
    return { tag, start, end: start + length };
}
function children(der, parent) {
    const out = [];
    for (let at = parent.start; at < parent.end;) {
        const child = recorded_element(der, at, parent.end);
        out.push(child);
        at = child.end;
    }
    return out;
}
const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const GENERALIZED_TIME = 0x18;
const EXPLICIT_0 = 0xa0;
/**
 * The `genTime` of an RFC 3161 TimeStampResp (what Sigstore bundles and cosign's annotation hold) or
 * of a bare TimeStampToken: ContentInfo → SignedData → encapContentInfo → eContent (TSTInfo) → its
 * fifth field (RFC 3161 §2.4.2; RFC 5652 §5). undefined when it is not one.
 */
function timestampTime(der) {
    try {
        const root = recorded_element(der, 0);
        if (root.tag !== SEQUENCE)
            return undefined;
        const top = children(der, root);
        // TimeStampResp: { status PKIStatusInfo, timeStampToken }; a token starts with its content type OID.
        const token = top[0]?.tag === SEQUENCE ? top[1] : root;
        if (token?.tag !== SEQUENCE)
            return undefined;
        const content = children(der, token).find((e) => e.tag === EXPLICIT_0);
        const signedData = content && children(der, content)[0];
        if (signedData?.tag !== SEQUENCE)
            return undefined;
        const encap = children(der, signedData)[2];
        if (encap?.tag !== SEQUENCE)
            return undefined;
        const explicit = children(der, encap).find((e) => e.tag === EXPLICIT_0);
        const octets = explicit && children(der, explicit)[0];
        if (octets?.tag !== OCTET_STRING)
            return undefined;
        const tstInfo = recorded_element(der, octets.start, octets.end);
        if (tstInfo.tag !== SEQUENCE)
            return undefined;
        const genTime = children(der, tstInfo)[4];
        if (genTime?.tag !== GENERALIZED_TIME)
            return undefined;
        const text = der.subarray(genTime.start, genTime.end).toString('latin1');
        const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
        if (!m)
            return undefined;
        const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`;
        return Number.isNaN(Date.parse(iso)) ? undefined : iso;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/signing/store-signatures.ts









class SignatureStoreError extends errors/* LayerRebaseError */.wN {
    constructor(message) {
        super('signature-store', message);
    }
}
/**
 * A read-modify-write of one tag can lose to another writer between the read and the write (the
 * distribution API has no conditional PUT): after writing, the tag is read back, and the write is
 * tried again while what we added is missing.
 */
const ATTEMPTS = 4;
/**
 * Blobs known to be in a repository in this process: content-addressed, so once there they are there.
 * The empty config every referrer shares is checked once per repository, not once per signature.
 */
const present = new Map();
async function putBlobs(store, built) {
    for (const blob of built.blobs) {
        const key = `${store.name}@${blob.digest}`;
        let done = present.get(key);
        if (!done) {
            // The shared empty config is asked about; a signature's own blobs (a bundle, a payload, a .sig
            // config) are new bytes almost always, so they are sent without asking first (a re-upload is harmless).
            done =
                blob.digest === formats/* EMPTY_DESCRIPTOR */.gi.digest
                    ? (0,oci_store/* putBlobBytes */.Qt)(store, blob.digest, blob.bytes)
                    : store.putBlob({ digest: blob.digest, size: blob.bytes.length }, async () => external_node_stream_.Readable.from([blob.bytes]));
            present.set(key, done);
            done.catch(() => present.delete(key));
        }
        await done;
    }
}
async function readTagged(store, tag, kind) {
    // One GET, not a HEAD and a GET: a missing tag is the usual case for a first signature.
    let bytes;
    try {
        bytes = await store.getManifest(tag);
    }
    catch (error) {
        if ((0,errors/* isNotFound */.c4)(error))
            return undefined;
        throw error;
    }
    const parsed = (0,types/* parseManifest */.Ng)(bytes.bytes, `${store.name}:${tag}`, bytes.mediaType);
    if (parsed.kind !== kind)
        throw new SignatureStoreError(`${store.name}:${tag} holds ${kind === 'index' ? 'an image' : 'an index'}, not the ${kind === 'index' ? 'referrers index' : 'cosign signature image'} it should; nothing was changed there`);
    return parsed.value;
}
/** Adds a signature layer to cosign's `sha256-<hex>.sig` image, keeping every signature already there. */
async function storeLegacy(store, subject, layer) {
    const tag = `${(0,formats/* digestTag */.t9)(subject)}.sig`;
    return (0,tag_locks/* withTagLocks */.n)([`${store.name}:${tag}`], () => writeLegacy(store, subject, layer, tag));
}
async function writeLegacy(store, subject, layer, tag) {
    const signature = layer.annotations[formats/* ANNOTATION */.YX.signature];
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const existing = await readTagged(store, tag, 'image');
        const built = (0,formats/* legacySignatureImage */.ty)(existing, layer);
        if (built) {
            await putBlobs(store, built);
            await store.putManifest(built.manifest, tag);
        }
        const now = await readTagged(store, tag, 'image');
        const digest = (0,oci_digest/* sha256 */.sc)(layer.payload);
        const theirs = (l) => l.annotations?.[formats/* ANNOTATION */.YX.signature];
        if (now?.layers.some((l) => theirs(l) === signature ||
            (l.digest === digest && theirs(l) !== undefined && layer.signedAlready?.(theirs(l)) === true)))
            return {
                digest: subject,
                format: 'legacy',
                repository: store.name,
                stored: `tag ${tag}`,
                ...recordedInLegacy(layer.annotations),
            };
    }
    throw new SignatureStoreError(`${store.name}:${tag}: the signature was written ${ATTEMPTS} times and each time another writer's image replaced it; nothing was moved`);
}
/**
 * Stores a bundle as a referrer of `subject`. A registry with the referrers API indexes it from the
 * manifest's `subject` (it answers `OCI-Subject`); elsewhere it is listed in the referrers tag
 * `sha256-<hex>`, an index read, extended and written back (other referrers kept).
 */
async function storeBundle(store, subject, bundle, created, predicateType) {
    const built = (0,formats/* bundleReferrer */.GR)(bundle, subject, created, predicateType);
    const what = predicateType
        ? { format: 'attestation', predicateType }
        : { format: 'bundle' };
    const recorded = recordedInBundle(bundle);
    await putBlobs(store, built);
    const short = (0,oci_digest/* shortDigest */.VK)(built.manifest.digest);
    if (!(store instanceof registry_store/* RegistryStore */.X))
        await store.putManifest(built.manifest);
    else if (await store.putReferrer(built.manifest, subject.digest)) {
        const listed = await store.referrers(subject.digest);
        if (!listed?.some((r) => r.digest === built.manifest.digest))
            throw new SignatureStoreError(`${store.name}: the registry accepted the signature ${short} for ${subject.digest} but does not list it among its referrers`);
        return {
            digest: subject.digest,
            ...what,
            repository: store.name,
            stored: `referrer ${short}`,
            ...recorded,
        };
    }
    const tag = (0,formats/* digestTag */.t9)(subject.digest);
    return (0,tag_locks/* withTagLocks */.n)([`${store.name}:${tag}`], async () => {
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            const index = (0,formats/* referrersTagIndex */.Jv)(await readTagged(store, tag, 'index'), built.manifest);
            if (index)
                await store.putManifest(index, tag);
            const now = await readTagged(store, tag, 'index');
            if (now?.manifests.some((m) => m.digest === built.manifest.digest))
                return {
                    digest: subject.digest,
                    ...what,
                    repository: store.name,
                    stored: `referrer ${short} in tag ${tag}`,
                    ...recorded,
                };
        }
        throw new SignatureStoreError(`${store.name}:${tag}: the referrers index was written ${ATTEMPTS} times and each time another writer's index replaced it; nothing was moved`);
    });
}
/** The descriptor of a manifest as a subject names it. */
function subjectOf(manifest) {
    return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
}

// EXTERNAL MODULE: ./src/bounded.ts
var bounded = __nccwpck_require__(16586);
;// CONCATENATED MODULE: ./src/signing/sign-image.ts





/**
 * The repository as cosign names it in a simple-signing payload (go-containerregistry's
 * `Repository.Name()`): Docker Hub as `index.docker.io/…`.
 */
function dockerReference(store) {
    return store.name.startsWith(`${reference/* DOCKER_HUB */.Xb}/`)
        ? `index.docker.io${store.name.slice(reference/* DOCKER_HUB */.Xb.length)}`
        : store.name;
}
/**
 * Signatures stored at once for one image. Each is a chain of small requests (upload, write, read
 * back); on a registry across a network their round trips, not their bytes, are the cost.
 */
const PARALLEL_SIGNATURES = 4;
/**
 * Signs every manifest in every target repository, in each format, and reads each signature back.
 * One bundle per manifest serves every repository (it names only the digest); a legacy payload names
 * the repository, so it is signed per repository. The signatures are stored side by side (each in its
 * own tag, or under a tag lock where two share one); after the first failure no new one is started,
 * those under way finish, the first failure is thrown and any later one logged: the tags stay.
 */
async function signManifests(stores, manifests, options, log, created, attestations, 
/** Filled with what was stored, in a fixed order, also when a failure is thrown: it says what was written. */
stored = []) {
    const warnings = [];
    const bundles = new Map();
    const bundleOf = (digest) => {
        let bundle = bundles.get(digest);
        if (!bundle) {
            bundle = options.signer.bundle(digest);
            bundles.set(digest, bundle);
        }
        return bundle;
    };
    const unique = [...new Map(stores.map((s) => [s.name, s])).values()];
    // An attestation's statement may name the signer (provenance's builder): built only once that name is
    // final, whichever signature of the run comes first.
    if (attestations)
        await options.signer.ready();
    const slots = [];
    const tasks = [];
    for (const store of unique) {
        for (const manifest of manifests) {
            const slot = { attestations: [] };
            slots.push(slot);
            const attesting = attestations?.(manifest, dockerReference(store)) ?? [];
            if (options.formats.includes('bundle') || attesting.length > 0)
                tasks.push(async () => {
                    if (options.formats.includes('bundle')) {
                        const signed = await bundleOf(manifest.digest);
                        slot.bundle = {
                            signature: await storing(store, manifest, 'Sigstore bundle', () => storeBundle(store, subjectOf(manifest), signed, created)),
                        };
                    }
                    for (const a of attesting) {
                        const bundle = await options.signer.attest(a.statement);
                        const signature = await storing(store, manifest, `${a.predicateType} attestation`, () => storeBundle(store, subjectOf(manifest), bundle, created, a.predicateType));
                        const github = options.attest?.github;
                        const refused = github && options.signer.keyless ? await uploadToGitHub(github, bundle) : undefined;
                        slot.attestations.push(refused
                            ? { signature, warning: `${store.name}@${manifest.digest}: ${refused}` }
                            : { signature });
                    }
                });
            if (options.formats.includes('legacy'))
                tasks.push(async () => {
                    const layer = await options.signer.legacy(dockerReference(store), manifest.digest);
                    slot.legacy = {
                        signature: await storing(store, manifest, 'cosign .sig signature', () => storeLegacy(store, manifest.digest, layer)),
                    };
                });
        }
    }
    const failures = await (0,bounded/* settleBounded */.Z)(tasks, PARALLEL_SIGNATURES);
    for (const slot of slots)
        for (const done of [slot.bundle, slot.legacy, ...slot.attestations])
            if (done) {
                stored.push(done.signature);
                // A refusal of GitHub's API reads the same for each attestation of a manifest: said once.
                if (done.warning && !warnings.includes(done.warning))
                    warnings.push(done.warning);
            }
    if (failures.length > 0) {
        // Each failure is said: one after its write (a read-back that did not find it) left something behind.
        for (const other of failures.slice(1))
            log.warning(`signing also failed: ${(0,errors/* describeError */.Uc)(other)}`);
        throw failures[0];
    }
    for (const s of stored)
        log.info(`${s.format === 'attestation' ? `attested ${s.predicateType}` : 'signed'} ${s.repository}@${s.digest} (${s.format}: ${s.stored})`);
    return { stored, warnings };
}
/** A store failure says what was being stored for which manifest, and what to do when the cause is known. */
async function storing(store, manifest, what, fn) {
    try {
        return await fn();
    }
    catch (error) {
        if (error instanceof SignatureStoreError)
            throw error;
        const text = (0,errors/* describeError */.Uc)(error);
        const hint = /subject|MANIFEST_INVALID|artifactType/i.test(text)
            ? '; this registry may not accept OCI referrers: use signature-format: legacy, without attest'
            : '';
        throw new SignatureStoreError(`${store.name}: storing the ${what} of ${manifest.digest} failed: ${text}${hint}; the tag was not moved`);
    }
}
/**
 * Stores a bundle through GitHub's attestations API (`POST /repos/{owner}/{repo}/attestations`), where
 * `gh attestation verify` finds it. A refusal is a warning: the registry copy is what admission reads.
 */
async function uploadToGitHub(github, bundle) {
    const url = `${github.api.replace(/\/+$/, '')}/repos/${github.repository}/attestations`;
    try {
        const res = await (0,bounded_fetch/* boundedFetch */.A)(url, {
            method: 'POST',
            headers: {
                accept: 'application/vnd.github+json',
                authorization: `Bearer ${github.token}`,
                'content-type': 'application/json',
                'x-github-api-version': '2022-11-28',
            },
            body: JSON.stringify({ bundle: JSON.parse(bundle.toString('utf8')) }),
        });
        if (res.ok)
            return undefined;
        return `GitHub's attestations API answered ${res.status}${res.status === 403 || res.status === 404 ? ' (give the job permissions: attestations: write, and pass github-token)' : ''}; the attestation is in the registry only`;
    }
    catch (error) {
        return `GitHub's attestations API ${error.message}; the attestation is in the registry only`;
    }
}

// EXTERNAL MODULE: ./src/signing/attestations.ts
var attestations = __nccwpck_require__(57864);
// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/rebase/engine.ts


















/** Patches one app image (or every platform of an index) all or nothing: prepare, then push. */
async function rebaseImage(input, options) {
    return commitImage(await prepareImage(input, options), options);
}
function fail(result, error) {
    result.status = error instanceof errors/* PolicyError */.pn || error instanceof rebase_push/* TagMovedError */.w ? 'refused' : 'failed';
    result.changed = false;
    result.error = {
        code: error instanceof errors/* LayerRebaseError */.wN ? error.code : 'internal',
        message: (0,errors/* describeError */.Uc)(error),
    };
}
/**
 * Everything up to the first write: resolve, plan, verify every patch layer (its diffID and where it
 * writes), rewrite SBOM, config and manifests in memory, and note what each target tag holds.
 * Never throws: a failure is recorded in the result.
 */
async function prepareImage(input, options) {
    const startedAt = Date.now();
    const result = (0,src_result/* emptyResult */.$)(input);
    const prepared = { result, startedAt };
    try {
        const push = await prepareInto(input, options, result);
        if (push)
            prepared.push = push;
    }
    catch (error) {
        fail(result, error);
    }
    result.durationMs = Date.now() - startedAt;
    return prepared;
}
/** Pushes a prepared image (when it has anything to push) and completes its result. */
async function commitImage(prepared, options) {
    const { result, push } = prepared;
    if (push) {
        try {
            const outcome = await (0,rebase_push/* pushImage */.G)(push, options.log, result.transfers, options.uploads);
            if (outcome === 'already-there')
                result.status = 'unchanged';
            else {
                if (result.status !== 'partial')
                    result.status = 'patched';
                result.changed = true;
            }
        }
        catch (error) {
            fail(result, error);
        }
    }
    result.durationMs = Date.now() - prepared.startedAt;
    return result;
}
async function prepareInto(input, options, result) {
    const { log } = options;
    const ref = (0,reference/* parseReference */.F2)(input);
    const shown = (0,reference/* formatReference */.FH)(ref);
    const store = options.stores.storeFor(ref);
    const { top, index, work } = await (0,read_image/* readAndPlan */.Nq)(ref, shown, store, options);
    result.digestBefore = top.digest;
    for (const w of work) {
        result.warnings.push(...w.plan.warnings);
        result.platforms.push({
            platform: (0,types/* formatPlatform */.Bq)(w.plan.platform),
            digestBefore: w.before.digest,
            digestAfter: w.before.digest,
            plan: w.plan,
        });
    }
    if (options.reports)
        result.reports = (0,vuln_step/* reportsDescribing */.Kd)(work, options.reports, index && top.digest);
    refuseIfAnyRefusal(shown, work);
    const partial = work.some((w) => w.plan.unpatched.length > 0);
    const changedWork = work.filter((w) => w.plan.swaps.length > 0 || w.plan.runImage?.status === 'rebase');
    // SBOMs first: they say which versions the patch layers bring, and so what the plan fixes.
    for (const w of changedWork) {
        w.sbom = await (0,sbom_step/* planSbom */.Zf)(w.app, store, w.plan, w.patchImages, options.readTar);
        result.warnings.push(...w.sbom.warnings);
    }
    if (options.reports) {
        for (const w of work) {
            const platform = result.platforms.find((p) => p.plan === w.plan);
            platform.vulnerabilities = (0,vuln_step/* assessWork */.Y4)(w, options.reports, index ? top.digest : undefined);
        }
        const image = assessImage(result.platforms);
        if (image)
            result.vulnerabilities = image;
    }
    if (changedWork.length === 0) {
        result.status = partial ? 'partial' : 'unchanged';
        result.digest = top.digest;
        result.result = `${(0,reference/* repositoryOf */._M)(ref)}@${top.digest}`;
        log.info(`${shown}: nothing to patch (${top.digest})`);
        return undefined;
    }
    const hold = options.requireFix && (0,vuln_step/* requireFixHold */.eT)(result, options.requireFix);
    if (hold) {
        result.status = 'skipped';
        result.note = hold.reason;
        if (hold.warn)
            result.warnings.push(`${shown}: ${hold.reason}`);
        result.digest = top.digest;
        result.result = `${(0,reference/* repositoryOf */._M)(ref)}@${top.digest}`;
        log.info(`${shown}: ${hold.reason}`);
        return undefined;
    }
    const targetRefs = targetReferences(ref, options.tags);
    if (!options.dryRun) {
        const targetStores = targetRefs.map((t) => options.stores.storeFor(t));
        for (const w of changedWork)
            await inspectPatchLayers(w, options, result, targetStores);
    }
    for (const w of changedWork) {
        const sbom = w.sbom;
        // What this patch replaces is recorded in the image: `undo` moves the tag back to it.
        const replacedIndex = index ? top.digest : options.recordReplacedIndex;
        const replaced = { manifest: w.before.digest, ...(replacedIndex ? { index: replacedIndex } : {}) };
        w.rewritten = (0,rewrite/* rewriteImage */.iU)(w.plan, w.app.manifest, w.app.config, sbom.change ? [sbom.change] : [], replaced, options.recordFormat);
        const platform = result.platforms.find((p) => p.plan === w.plan);
        platform.digestAfter = w.rewritten.manifest.digest;
        platform.sbom = {
            layerIndex: sbom.change?.layerIndex ?? null,
            from: sbom.from ?? null,
            to: sbom.change?.diffId ?? null,
            layers: sbom.layers,
        };
    }
    if (index) {
        // Build attestations (provenance, SBOM) describe the image as it was built; they are kept as they
        // are, and the summary says so rather than letting them silently describe another image.
        const patched = new Set(changedWork.map((w) => w.descriptor?.digest));
        for (const d of index.manifests) {
            const subject = d.annotations?.['vnd.docker.reference.digest'];
            if (subject && patched.has(subject)) {
                result.warnings.push(`${shown}: attestation manifest ${d.digest} describes ${subject} before the patch; kept unchanged`);
            }
        }
    }
    const final = index
        ? rewriteIndex(index, work)
        : changedWork[0].rewritten.manifest;
    result.digest = final.digest;
    result.result = `${(0,reference/* repositoryOf */._M)(targetRefs[0] ?? ref)}@${final.digest}`;
    result.tags = targetRefs.filter((t) => t.tag !== undefined).map(reference/* formatReference */.FH);
    result.status = partial ? 'partial' : 'planned';
    // What signs the digest being replaced does not sign the new one: say so, never copy it over.
    const replaced = [top.digest, ...(index ? changedWork.map((w) => w.before.digest) : [])];
    const signatures = await (0,lookups/* signaturesOf */.R)(store, replaced, options.signatureLookups ?? (0,lookups/* signatureLookups */._)(), log);
    if (signatures.length > 0) {
        result.signatures = signatures;
        if (!options.signing)
            result.warnings.push(`${shown}: ${(0,oci_digest/* shortDigest */.VK)(top.digest)} is signed or attested (${signatures.join('; ')}); the new digest ${(0,oci_digest/* shortDigest */.VK)(final.digest)} is not covered by them: sign it after the push (README: "Signing patched images")`);
    }
    // Each platform manifest of an index, then the index (as `cosign sign --recursive`); else the manifest.
    const toSign = index ? [...work.map((w) => w.rewritten?.manifest ?? w.before), final] : [final];
    if (options.signing)
        result.signing = {
            by: options.signing.signer.identity,
            formats: options.signing.formats,
            attestations: options.signing.attest ? [attestations/* SLSA_PROVENANCE_V1 */.us, attestations/* APPLIED_PATCHES_V1 */.jb] : [],
            manifests: toSign.map((m) => m.digest),
            stored: [],
        };
    if (options.dryRun)
        return undefined;
    const targets = [];
    for (const target of targetRefs) {
        const targetStore = options.stores.storeFor(target);
        const entry = { ref: target, store: targetStore };
        // The plan was made from what the input tag held; any other tag is compared with what it holds now.
        const expected = sameTag(target, ref)
            ? top.digest
            : target.tag !== undefined
                ? (await targetStore.headManifest(target.tag))?.digest
                : undefined;
        if (expected)
            entry.expected = expected;
        targets.push(entry);
    }
    const pushWork = work.map(forPush);
    const plan = {
        appStore: store,
        work: pushWork,
        final,
        targets,
        // Layers verified in transit are judged after the uploads, before the tags move.
        verify: async () => {
            for (const w of pushWork)
                for (const entry of w.inTransit?.values() ?? [])
                    await entry.settle();
        },
    };
    if (index)
        plan.index = index;
    const signing = options.signing;
    if (signing) {
        const startedOn = options.startedAt ?? new Date().toISOString();
        const attestations = signing.attest
            ? attestationsFor(input, index ? top.digest : undefined, work, options, signing, startedOn)
            : undefined;
        plan.sign = async () => {
            const signed = await signManifests(targets.map((t) => t.store), toSign, signing, log, startedOn, attestations, result.signing.stored);
            result.warnings.push(...signed.warnings);
            // Keyless: who signed is known once the certificate is issued.
            result.signing.by = signing.signer.identity;
        };
    }
    return plan;
}
/**
 * The attestations of each pushed manifest: SLSA provenance (what it was made from, by digest) and the
 * applied patches. A platform manifest names its own replaced manifest and patch images; the index
 * names the replaced index and every platform's.
 */
function attestationsFor(input, replacedIndex, work, options, signing, startedOn) {
    const runImageOf = (w) => {
        const r = w.plan.runImage;
        return r?.status === 'rebase' && r.to ? `${r.to.reference.split('@')[0]}@${r.to.digest}` : undefined;
    };
    // The label's records of every platform, made once: each manifest's attestations read their share.
    // And what an unpinned URL gave this run, by its recorded name: the provenance names the bytes used.
    const applied = [];
    const fetched = new Map();
    for (const w of work)
        for (const s of w.plan.swaps) {
            const record = (0,rewrite/* appliedRecord */.dN)(s);
            applied.push({ platform: (0,types/* formatPlatform */.Bq)(w.plan.platform), ...record });
            const sha = s.patch.source.fetchedSha256;
            if (sha)
                fetched.set(record.source, [...(fetched.get(record.source) ?? []), sha]);
        }
    return (manifest, repository) => {
        const own = work.find((w) => (w.rewritten?.manifest ?? w.before).digest === manifest.digest);
        const scope = own ? [own] : work;
        const records = own ? applied.filter((a) => a.platform === (0,types/* formatPlatform */.Bq)(own.plan.platform)) : applied;
        const replaced = own ? own.before.digest : (replacedIndex ?? work[0].before.digest);
        const runImage = scope.map(runImageOf).find(Boolean);
        const provenance = (0,attestations/* provenanceStatement */.D2)({
            subject: { repository, digest: manifest.digest },
            image: input,
            patchSources: records.map((r) => r.source),
            fetched,
            force: options.force,
            runImage: options.runImage ?? '',
            replaced: { repository, digest: replaced },
            patchImages: records.map((r) => r.patchImage),
            ...(runImage ? { runImageResolved: runImage } : {}),
            builderId: signing.attest?.builderId ?? signing.signer.identity,
            ...(signing.attest?.invocationId ? { invocationId: signing.attest.invocationId } : {}),
            startedOn,
            version: version/* VERSION */.x,
        });
        return [
            { predicateType: attestations/* SLSA_PROVENANCE_V1 */.us, statement: provenance },
            {
                predicateType: attestations/* APPLIED_PATCHES_V1 */.jb,
                statement: (0,attestations/* appliedPatchesStatement */.Xt)({ repository, digest: manifest.digest }, {
                    tool: { name: 'layer-rebase', version: version/* VERSION */.x },
                    input,
                    replaced,
                    applied: records,
                }),
            },
        ];
    };
}
function sameTag(a, b) {
    return (0,reference/* formatReference */.FH)(a) === (0,reference/* formatReference */.FH)(b) && b.digest === undefined;
}
/** Safety rules and broken inputs stop the whole image before anything is written. */
function refuseIfAnyRefusal(shown, work) {
    const refusals = work.flatMap((w) => [
        // `example/node/node: layer example/node/node is not marked …` names the layer once.
        ...w.plan.refused.map((d) => d.reason.startsWith(`layer ${(0,rebase_types/* targetName */.j)(d.target)} `)
            ? d.reason
            : `${(0,rebase_types/* targetName */.j)(d.target)}: ${d.reason}`),
        ...(w.plan.runImage?.status === 'refused' ? [`run image: ${w.plan.runImage.reason}`] : []),
    ]);
    if (refusals.length === 0)
        return;
    const first = work.flatMap((w) => w.plan.refused)[0];
    throw new errors/* PolicyError */.pn(shown, `refused, nothing was pushed: ${refusals.join('; ')}`, first?.target.kind === 'layer' ? { buildpack: first.target.buildpack, layer: first.target.layer } : {});
}
/** The index with each patched child's descriptor pointing at its new manifest; annotations kept. */
function rewriteIndex(index, work) {
    const replacements = new Map();
    for (const w of work)
        if (w.rewritten && w.descriptor)
            replacements.set(w.descriptor.digest, w.rewritten.manifest);
    return indexWithChildren(index, replacements);
}
/** An index whose children (by old digest) point at new manifests; everything else as it was. */
function indexWithChildren(index, replacements) {
    const next = structuredClone(index);
    for (const [old, neu] of replacements) {
        // The first entry of that digest, as every earlier version wrote it: the same inputs, the same bytes.
        const entry = next.manifests.find((d) => d.digest === old);
        if (!entry)
            continue;
        entry.digest = neu.digest;
        entry.size = neu.bytes.length;
    }
    const bytes = Buffer.from(JSON.stringify(next));
    return { bytes, mediaType: next.mediaType, digest: (0,oci_digest/* sha256 */.sc)(bytes) };
}
/** `tags` as given, or the input's own tag, or (for a digest input) its repository by digest. */
function targetReferences(input, tags) {
    if (tags.length > 0)
        return tags.map((t) => (0,reference/* parseReference */.F2)(t));
    if (input.tag !== undefined && input.digest === undefined)
        return [input];
    const byDigest = { ...input };
    delete byDigest.tag;
    delete byDigest.digest;
    return [byDigest];
}


/***/ }),

/***/ 91528:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   I2: () => (/* binding */ patchImageFault),
/* harmony export */   MZ: () => (/* binding */ inspectLayerStream),
/* harmony export */   wb: () => (/* binding */ inspectPatchLayer)
/* harmony export */ });
/* harmony import */ var _cnb_tar_reader_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(96880);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);
/* harmony import */ var _oci_compression_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(34164);
/* harmony import */ var _containment_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76808);




const MAX_REPORTED = 10;
/**
 * Reads a patch layer once: its uncompressed bytes must hash to the diffID its config claims (a
 * wrong diffID would make every runtime reject the patched image), and every tar entry must lie
 * under the directory the patch is allowed to write.
 */
async function inspectPatchLayer(store, layer, diffId, rule) {
    if ((0,_oci_compression_js__WEBPACK_IMPORTED_MODULE_2__/* .layerDecoder */ .qd)(layer.mediaType) === undefined)
        throw cannotDecode(store.name, layer);
    return inspectLayerStream(await store.getBlob(layer), store, layer, diffId, rule);
}
function cannotDecode(name, layer) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('unsupported-media-type', `${name}: cannot read patch layer ${layer.digest} (${layer.mediaType}) with Node ${process.versions.node} to verify its diffID and where it writes`);
}
/**
 * The same checks over a stream of the layer's compressed bytes that is already flowing somewhere
 * else (a copy to another registry): the layer is then read once for both.
 */
async function inspectLayerStream(blob, store, layer, diffId, rule) {
    const decoder = (0,_oci_compression_js__WEBPACK_IMPORTED_MODULE_2__/* .layerDecoder */ .qd)(layer.mediaType);
    if (decoder === undefined)
        throw cannotDecode(store.name, layer);
    const violations = [];
    let more = 0;
    const symlinks = new Set();
    // Read as the runtime's Go archive/tar reads it; what readers disagree on is refused outright.
    const reader = new _cnb_tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .TarReader */ .RF({
        where: `${store.name}: patch layer ${layer.digest}`,
        onEntry: (entry) => {
            const problem = (0,_containment_js__WEBPACK_IMPORTED_MODULE_3__/* .containmentViolation */ .k)(entry, rule, symlinks);
            if (!problem)
                return;
            if (violations.length < MAX_REPORTED)
                violations.push(problem);
            else
                more++;
        },
    });
    const tar = (0,_cnb_tar_reader_js__WEBPACK_IMPORTED_MODULE_0__/* .tarSink */ .p5)(reader);
    const actual = await (0,_oci_compression_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeHashed */ .iZ)(blob, store, layer, decoder, tar);
    if (actual !== diffId) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('diffid-mismatch', `${store.name}: layer ${layer.digest} uncompresses to ${actual}, but its config claims diffID ${diffId}`);
    }
    if (more > 0)
        violations.push(`and ${more} more`);
    return { violations };
}
/**
 * A patch layer whose bytes are not what its patch image's manifest says (size or digest) is the
 * patch image's fault: say which one, so that the fix (rebuild or re-push it) is clear.
 */
function patchImageFault(reference, error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .BlobSizeError */ .xx || error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DigestMismatchError */ .h)
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('invalid-patch-image', `patch image ${reference}: ${error.message}`, {
            cause: error,
        });
    return error;
}


/***/ }),

/***/ 79553:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FW: () => (/* binding */ patchImageKey),
/* harmony export */   Qs: () => (/* binding */ planRebase)
/* harmony export */ });
/* unused harmony export layerVersion */
/* harmony import */ var _cnb_history_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(39993);
/* harmony import */ var _cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92556);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(29217);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3048);
/* harmony import */ var _patches_match_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(91659);





/** The key under which a patch's image is resolved once per run and platform. */
function patchImageKey(patch) {
    return [patch.patchImage, ...patch.mirrors].join('\n');
}
const VERSION_KEYS = ['artifact.version', 'dependency.version', 'version', 'metadata.version'];
/** A human version for the summary: a version-like selector key first, then the usual keys. */
function layerVersion(data, patch) {
    const keys = [
        ...(patch?.kind === 'layer' ? Object.keys(patch.data).filter((k) => /version/i.test(k)) : []),
        ...VERSION_KEYS,
    ];
    for (const key of keys) {
        // Also a literal dotted key (Paketo writes "artifact.version" nowhere, libpak does): display only.
        const { value } = (0,_patches_match_js__WEBPACK_IMPORTED_MODULE_3__/* .lookupDataPath */ .g5)(data, key);
        const literal = typeof data === 'object' && data !== null ? data[key] : undefined;
        for (const v of [value, literal])
            if (typeof v === 'string' || typeof v === 'number')
                return String(v);
    }
    return undefined;
}
/**
 * Where a diffID sits in an image. A diffID listed twice (identical layers) is told apart by the
 * lifecycle `created_by` history entry when there is one; otherwise it is ambiguous.
 */
function locateLayer(config, diffId, createdByHint) {
    const indexes = [];
    config.rootfs.diff_ids.forEach((d, i) => d === diffId && indexes.push(i));
    if (indexes.length === 0)
        return { error: `diffID ${diffId} is not in the image's rootfs.diff_ids` };
    if (indexes.length === 1)
        return { index: indexes[0] };
    const history = (0,_cnb_history_js__WEBPACK_IMPORTED_MODULE_4__/* .historyIndexByLayer */ .p)(config.history, config.rootfs.diff_ids.length);
    const named = indexes.filter((i) => {
        const h = history[i];
        return h !== undefined && createdByHint?.test(config.history?.[h]?.created_by ?? '');
    });
    if (named.length === 1)
        return { index: named[0] };
    return {
        error: `diffID ${diffId} appears ${indexes.length} times in rootfs.diff_ids and cannot be told apart`,
    };
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function side(image, index, fields) {
    const historyIndex = (0,_cnb_history_js__WEBPACK_IMPORTED_MODULE_4__/* .historyIndexByLayer */ .p)(image.config.history, image.config.rootfs.diff_ids.length)[index];
    const createdBy = historyIndex === undefined ? undefined : image.config.history?.[historyIndex]?.created_by;
    const out = {
        descriptor: image.manifest.layers[index],
        diffId: image.config.rootfs.diff_ids[index],
        ...fields,
    };
    if (createdBy !== undefined)
        out.createdBy = createdBy;
    return out;
}
function withoutUndefined(o) {
    for (const k of Object.keys(o))
        if (o[k] === undefined)
            delete o[k];
    return o;
}
/**
 * The plan for one app image and platform: a pure function of the image, the matches and the
 * resolved patch images. No I/O, no clock.
 */
function planRebase(app, matched, resolutions, options) {
    const platform = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .platformOf */ .tj)(app.config);
    const plan = {
        image: app.reference,
        platform,
        swaps: [],
        skipped: [],
        refused: [],
        unpatched: [],
        overrides: matched.matches.flatMap((m) => m.overridden),
        unmatched: matched.unmatched,
        warnings: [],
    };
    const family = (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .familyOf */ .Ap)(app.manifest.mediaType);
    if (app.manifest.layers.length !== app.config.rootfs.diff_ids.length) {
        plan.refused.push(...matched.matches.map((m) => ({
            target: m.target,
            patch: m.patch,
            reason: `the manifest lists ${app.manifest.layers.length} layers but the config ${app.config.rootfs.diff_ids.length} diffIDs`,
        })));
        return plan;
    }
    const usedIndexes = new Set();
    for (const match of matched.matches) {
        const decision = (reason) => ({ target: match.target, patch: match.patch, reason });
        const resolution = resolutions.get(patchImageKey(match.patch));
        if (!resolution) {
            plan.refused.push(decision(`patch image ${match.patch.patchImage} was not resolved`));
            continue;
        }
        if (resolution.status === 'missing-platform') {
            // Pushing the other platforms would report success while this one keeps the vulnerable layer.
            const reason = `patch image ${resolution.reference} has no ${(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(platform)} image (it has: ${resolution.available.join(', ') || 'none'}), so ${(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)(platform)} would stay unpatched`;
            if (!options.force) {
                plan.refused.push(decision(`${reason} (add that platform to the patch image, or set force to patch the others)`));
                continue;
            }
            plan.unpatched.push(decision(reason));
            plan.warnings.push(`${app.reference}: ${reason}; ${describeTarget(match)} left as it is because force is set`);
            continue;
        }
        if (resolution.manifest.layers.length !== resolution.config.rootfs.diff_ids.length) {
            plan.refused.push(decision(`patch image ${resolution.reference}: manifest and config disagree on the number of layers`));
            continue;
        }
        const outcome = match.target.kind === 'launcher'
            ? planLauncher(app, match, resolution)
            : planLayer(app, match, resolution, options);
        if ('skip' in outcome) {
            plan.skipped.push(decision(outcome.skip));
            continue;
        }
        if ('refuse' in outcome) {
            plan.refused.push(decision(outcome.refuse));
            continue;
        }
        const swap = outcome.swap;
        if (usedIndexes.has(swap.layerIndex)) {
            plan.refused.push(decision(`layer ${swap.layerIndex} is already replaced by another patch in this plan`));
            continue;
        }
        try {
            swap.to.descriptor = {
                ...swap.to.descriptor,
                mediaType: (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .layerMediaTypeFor */ .xy)(swap.to.descriptor.mediaType, family),
            };
        }
        catch (error) {
            plan.refused.push(decision(`patch layer from ${resolution.reference}: ${error.message}`));
            continue;
        }
        if (swap.forced) {
            plan.warnings.push(`${app.reference}: ${describeTarget(match)} is not marked "io.buildpacks.rebasable": true; replaced anyway because force is set`);
        }
        if (outcome.warning)
            plan.warnings.push(outcome.warning);
        usedIndexes.add(swap.layerIndex);
        plan.swaps.push(swap);
    }
    return plan;
}
function describeTarget(match) {
    return match.target.kind === 'launcher'
        ? 'the launcher'
        : `layer ${match.target.buildpack}/${match.target.layer}`;
}
/** A swap of the app's layer at `fromIndex` for the patch image's layer at `toIndex`. */
function makeSwap(app, patchImage, match, at, fields, forced) {
    return {
        target: match.target,
        patch: match.patch,
        layerIndex: at.from,
        historyIndex: (0,_cnb_history_js__WEBPACK_IMPORTED_MODULE_4__/* .historyIndexByLayer */ .p)(app.config.history, app.config.rootfs.diff_ids.length)[at.from],
        from: side(app, at.from, withoutUndefined(fields.from)),
        to: side(patchImage, at.to, withoutUndefined(fields.to)),
        patchImage: {
            requested: match.patch.patchImage,
            reference: patchImage.reference,
            digest: patchImage.digest,
        },
        forced,
    };
}
function planLayer(app, match, patchImage, options) {
    if (match.target.kind !== 'layer')
        throw new Error('unreachable');
    const { buildpack, layer, index } = match.target;
    const entry = app.metadata.buildpacks[index];
    const current = { buildpack: entry, layer: entry.layers[layer] };
    if (current.layer.launch === false && !app.config.rootfs.diff_ids.includes(current.layer.sha)) {
        return { skip: 'not a launch layer: the app image does not contain it' };
    }
    const offered = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .findLayer */ .vi)(patchImage.metadata, buildpack, layer);
    if (!offered) {
        return {
            refuse: `patch image ${patchImage.reference} has no layer "${layer}" of buildpack ${buildpack} in its lifecycle metadata`,
        };
    }
    if (offered.layer.sha === current.layer.sha)
        return { skip: `already up to date (${offered.layer.sha})` };
    if (offered.layer.launch === false) {
        return {
            refuse: `patch image ${patchImage.reference}: layer ${buildpack}/${layer} is not a launch layer`,
        };
    }
    const forced = !(0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .isRebasable */ .Mc)(current.layer);
    if (forced && !options.force) {
        return {
            refuse: `layer ${buildpack}/${layer} is not marked "io.buildpacks.rebasable": true in its data; refusing to replace it (set force to override)`,
        };
    }
    const hint = new RegExp(`^Layer: '${escapeRegExp(layer)}', Created by buildpack: ${escapeRegExp(buildpack)}@`);
    const from = locateLayer(app.config, current.layer.sha, hint);
    if ('error' in from)
        return { refuse: `app image: layer ${buildpack}/${layer}: ${from.error}` };
    const to = locateLayer(patchImage.config, offered.layer.sha, hint);
    if ('error' in to)
        return { refuse: `patch image ${patchImage.reference}: layer ${buildpack}/${layer}: ${to.error}` };
    const fields = {
        from: {
            metadata: current.layer,
            version: layerVersion(current.layer.data, match.patch),
            buildpackVersion: current.buildpack.version,
        },
        to: {
            metadata: offered.layer,
            version: layerVersion(offered.layer.data, match.patch),
            buildpackVersion: offered.buildpack.version,
        },
    };
    const swap = makeSwap(app, patchImage, match, { from: from.index, to: to.index }, fields, forced);
    if ((0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .legacyBomOf */ .rL)(app.buildMetadata, buildpack).length > 0) {
        const offeredBom = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .legacyBomOf */ .rL)(patchImage.buildMetadata, buildpack);
        if (offeredBom.length > 0)
            swap.to.legacyBom = offeredBom;
        else
            return {
                swap,
                warning: `${app.reference}: the legacy BOM (io.buildpacks.build.metadata "bom") still lists ${buildpack} as it was before the patch, and the patch image has no entries to replace them: it is stale`,
            };
    }
    return { swap };
}
function planLauncher(app, match, patchImage) {
    const currentSha = app.metadata.launcher?.sha;
    const offeredSha = patchImage.metadata.launcher?.sha;
    if (!currentSha)
        return { skip: 'the app image records no launcher' };
    if (!offeredSha)
        return { refuse: `patch image ${patchImage.reference} records no launcher in its lifecycle metadata` };
    if (offeredSha === currentSha)
        return { skip: `already up to date (${offeredSha})` };
    const from = locateLayer(app.config, currentSha, /^Layer: 'launcher'/);
    if ('error' in from)
        return { refuse: `app image: launcher: ${from.error}` };
    const to = locateLayer(patchImage.config, offeredSha, /^Layer: 'launcher'/);
    if ('error' in to)
        return { refuse: `patch image ${patchImage.reference}: launcher: ${to.error}` };
    const fields = {
        from: { version: app.buildMetadata?.launcher?.version },
        to: { version: patchImage.buildMetadata?.launcher?.version },
    };
    return { swap: makeSwap(app, patchImage, match, { from: from.index, to: to.index }, fields, false) };
}


/***/ }),

/***/ 84487:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  w: () => (/* reexport */ errors/* TagMovedError */.wv),
  G: () => (/* binding */ pushImage)
});

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __nccwpck_require__(86683);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/log.ts
var log = __nccwpck_require__(25625);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/oci/store.ts
var store = __nccwpck_require__(49800);
// EXTERNAL MODULE: ./src/oci/registry/store.ts + 1 modules
var registry_store = __nccwpck_require__(45026);
;// CONCATENATED MODULE: ./src/oci/transfer.ts

/** Copies at least this large are announced as they start and end. */
const PROGRESS_THRESHOLD = 32 * 1024 * 1024;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
/**
 * Makes a blob available in `target`, cheapest way first: a cross-repository mount on the same
 * registry (which also says "already there"); already there; an OCI 1.1 mount without `from` (the
 * registry may find it anywhere); otherwise a streamed, digest-verified copy (constant memory). A
 * failed mount is only a missed optimisation, never an error.
 */
async function copyBlob(source, target, blob, log, 
/** Sees the bytes of a streamed copy (not of a mount): to verify them in the same pass. */
tap) {
    let session;
    const sameRegistry = target instanceof registry_store/* RegistryStore */.X &&
        source instanceof registry_store/* RegistryStore */.X &&
        source.registry === target.registry &&
        source.repository !== target.repository;
    // Within one registry the mount comes first: it also answers 201 when the blob is already there,
    // so the existence check is only asked when the registry would not mount.
    if (target instanceof registry_store/* RegistryStore */.X && sameRegistry) {
        const mounted = await target
            .mountBlob(blob.digest, source.repository)
            .catch((e) => {
            log.debug(`mount of ${blob.digest} from ${source.name} failed: ${e.message}`);
            return { mounted: false };
        });
        if (mounted.mounted)
            return 'mounted';
        session = mounted.session;
    }
    if (await target.hasBlob(blob.digest)) {
        if (session)
            await target.cancelUpload(session);
        return 'exists';
    }
    if (target instanceof registry_store/* RegistryStore */.X && !sameRegistry) {
        const mounted = await target.mountBlob(blob.digest).catch((e) => {
            log.debug(`mount of ${blob.digest} without a source repository failed: ${e.message}`);
            return { mounted: false };
        });
        if (mounted.mounted)
            return 'mounted';
        session = mounted.session;
    }
    const open = async () => (tap ? tap(await source.getBlob(blob)) : source.getBlob(blob));
    const large = blob.size >= PROGRESS_THRESHOLD;
    const started = Date.now();
    if (large)
        log.progress(`copying ${blob.digest} (${mib(blob.size)}) from ${source.name} to ${target.name}`);
    if (target instanceof registry_store/* RegistryStore */.X)
        await target.putBlob(blob, open, session);
    else
        await target.putBlob(blob, open);
    if (large) {
        const seconds = Math.max(0.001, (Date.now() - started) / 1000);
        log.progress(`copied ${blob.digest} (${mib(blob.size)}) in ${seconds.toFixed(1)} s (${mib(blob.size / seconds)}/s)`);
    }
    return 'copied';
}

// EXTERNAL MODULE: ./src/oci/types.ts
var types = __nccwpck_require__(3048);
// EXTERNAL MODULE: ./src/rebase/inspect-layer.ts
var inspect_layer = __nccwpck_require__(91528);
// EXTERNAL MODULE: ./src/rebase/plan.ts
var plan = __nccwpck_require__(79553);
// EXTERNAL MODULE: ./src/memo.ts
var memo = __nccwpck_require__(75025);
// EXTERNAL MODULE: ./src/bounded.ts
var bounded = __nccwpck_require__(16586);
// EXTERNAL MODULE: ./src/tag-locks.ts
var tag_locks = __nccwpck_require__(23322);
;// CONCATENATED MODULE: ./src/rebase/push.ts













/**
 * Makes every blob and child manifest available in every target, then, at the single commit point,
 * moves the tags. Right before that, each tag is read again: if it no longer holds what the plan saw,
 * nothing is moved (the distribution API has no conditional PUT: one request's window remains).
 */
async function pushImage(plan, log, transfers, uploads = new Map()) {
    for (const target of plan.targets)
        for (const w of plan.work)
            await uploadPlatform(w, plan.appStore, target.store, log, transfers, uploads);
    // Layers verified in transit are judged before any manifest refers to them.
    await plan.verify?.();
    for (const target of plan.targets) {
        if (!plan.index)
            continue;
        for (const w of plan.work)
            await target.store.putManifest(w.rewritten?.manifest ?? w.before);
        if (target.store.name !== plan.appStore.name)
            await copyUntouchedChildren(plan.index, plan.work, plan.appStore, target.store);
    }
    if (plan.sign) {
        // The signed manifest is in place by digest (no tag names it yet) before its signatures refer to it.
        for (const target of plan.targets)
            await target.store.putManifest(plan.final);
        await plan.sign();
    }
    const tagged = plan.targets.filter((t) => t.ref.tag !== undefined);
    // Past this point nothing is cut off by the image's time limit: a tag move is never half-done.
    (0,deadline/* checkDeadline */.Ft)();
    return (0,deadline/* withoutDeadline */.ZB)(() => (0,tag_locks/* withTagLocks */.n)(tagged.map((t) => `${t.store.name}:${t.ref.tag}`), async () => {
        const now = await Promise.all(tagged.map((t) => t.store.headManifest(t.ref.tag)));
        const moved = tagged.findIndex((t, i) => now[i]?.digest !== t.expected && now[i]?.digest !== plan.final.digest);
        if (moved >= 0)
            throw new errors/* TagMovedError */.wv((0,reference/* formatReference */.FH)(tagged[moved].ref), tagged[moved].expected, now[moved]?.digest);
        if (tagged.length > 0 && tagged.every((_t, i) => now[i]?.digest === plan.final.digest)) {
            log.info(`every tag already holds ${plan.final.digest} (another run pushed the same result)`);
            return 'already-there';
        }
        for (const target of plan.targets) {
            if (target.ref.tag !== undefined && now[tagged.indexOf(target)]?.digest === plan.final.digest)
                continue;
            // A store that can (a layout, under its lock) checks the tag again as it moves it.
            await target.store.putManifest(plan.final, target.ref.tag, target.ref.tag !== undefined ? { holds: target.expected } : undefined);
            const shown = target.ref.tag ? target.ref : (0,reference/* withDigest */.hQ)(target.ref, plan.final.digest);
            log.info(`pushed ${(0,reference/* formatReference */.FH)(shown)} → ${plan.final.digest}`);
        }
        return 'pushed';
    }));
}
/** Layers in flight at once per image: existence checks, mounts and copies overlap. */
const PARALLEL_BLOBS = 4;
async function uploadPlatform(w, appStore, target, log, transfers, uploads) {
    const sameRepository = target.name === appStore.name;
    const sources = new Map();
    const patchImageOf = new Map();
    for (const swap of w.plan.swaps) {
        sources.set(swap.to.descriptor.digest, w.patchImages.get((0,plan/* patchImageKey */.FW)(swap.patch)).store);
        patchImageOf.set(swap.to.descriptor.digest, swap.patchImage.reference);
    }
    const runChange = w.plan.runImage?.status === 'rebase' ? w.plan.runImage.change : undefined;
    if (runChange && w.runStore)
        for (const layer of runChange.layers)
            sources.set(layer.digest, w.runStore);
    const sbom = w.sbom?.change && w.sbom.blob
        ? { digest: w.sbom.change.descriptor.digest, bytes: w.sbom.blob }
        : undefined;
    const manifest = w.rewritten
        ? JSON.parse(w.rewritten.manifest.bytes.toString('utf8'))
        : w.app.manifest;
    const copies = manifest.layers.flatMap((layer) => {
        if (layer.digest === sbom?.digest)
            return [];
        const from = sources.get(layer.digest) ?? (sameRepository ? undefined : appStore);
        return from ? [{ from, layer }] : [];
    });
    const shared = async (digest, upload, counted = true) => {
        const key = `${target.name}@${digest}`;
        const first = !uploads.has(key);
        const method = await (0,memo/* once */.O)(uploads, key, upload);
        if (counted)
            transfers[first ? method : 'exists']++;
    };
    await (0,bounded/* mapBounded */.y)(copies, PARALLEL_BLOBS, ({ from, layer }) => {
        const transit = w.inTransit?.get(layer.digest);
        const patchImage = patchImageOf.get(layer.digest);
        return shared(layer.digest, () => copyBlob(from, target, layer, log, transit ? (s) => transit.tap(s) : undefined).catch((e) => Promise.reject(patchImage ? (0,inspect_layer/* patchImageFault */.I2)(patchImage, e) : e)));
    });
    await Promise.all([
        sbom ? shared(sbom.digest, () => (0,store/* putBlobBytes */.Qt)(target, sbom.digest, sbom.bytes)) : undefined,
        w.rewritten
            ? shared(w.rewritten.config.digest, () => (0,store/* putBlobBytes */.Qt)(target, w.rewritten.config.digest, w.rewritten.config.bytes), false)
            : !sameRepository
                ? shared(manifest.config.digest, () => copyBlob(appStore, target, manifest.config, log))
                : undefined,
    ]);
}
async function copyUntouchedChildren(index, work, from, to) {
    const handled = new Set(work.map((w) => w.descriptor?.digest));
    for (const d of index.manifests) {
        if (handled.has(d.digest))
            continue;
        const bytes = await from.getManifest(d.digest);
        const child = (0,types/* parseManifest */.Ng)(bytes.bytes, `${from.name}@${d.digest}`, d.mediaType);
        if (child.kind === 'image') {
            for (const blob of [child.value.config, ...child.value.layers])
                await copyBlob(from, to, blob, log/* silentLog */.aB);
        }
        await to.putManifest(bytes);
    }
}


/***/ }),

/***/ 14478:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Nq: () => (/* binding */ readAndPlan),
/* harmony export */   VU: () => (/* binding */ mayBePlatformImage),
/* harmony export */   mX: () => (/* binding */ notFound)
/* harmony export */ });
/* harmony import */ var _cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92556);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);
/* harmony import */ var _oci_config_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5335);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(29217);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3048);
/* harmony import */ var _patches_match_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(91659);
/* harmony import */ var _undo_history_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(82254);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(79553);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(42776);
/* harmony import */ var _run_image_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(76861);










/**
 * Reads the input (an image, or every platform image of an index) and plans each platform: the
 * patches that select its layers, their patch images resolved, the run image if asked for.
 */
async function readAndPlan(ref, shown, store, options) {
    const top = await store.getManifest(ref.digest ?? ref.tag).catch((error) => {
        throw notFound(error, ref, shown);
    });
    const parsed = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(top.bytes, shown, top.mediaType);
    const work = [];
    if (parsed.kind === 'index') {
        for (const descriptor of parsed.value.manifests) {
            if (!mayBePlatformImage(descriptor))
                continue;
            const before = await store.getManifest(descriptor.digest);
            const child = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(before.bytes, `${shown}@${descriptor.digest}`, descriptor.mediaType);
            if (child.kind !== 'image')
                continue;
            let label = descriptor.platform && (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)(descriptor.platform);
            if (!label) {
                // `platform` is optional in an OCI index: the child's config says what it is, and only a
                // child that is no platform image at all (an attestation) is left as it is.
                const config = await (0,_oci_config_js__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z)(store, child.value, `${shown}@${descriptor.digest}`);
                const { os, architecture } = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformOf */ .tj)(config);
                if (!os || os === 'unknown' || !architecture || architecture === 'unknown')
                    continue;
                label = `${(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)((0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformOf */ .tj)(config))}, from its config: the index names no platform`;
            }
            work.push(await planPlatform(`${shown} (${label})`, store, before, child.value, options, descriptor));
        }
        if (work.length === 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('not-an-app-image', `${shown}: the index lists no platform images`);
    }
    else {
        work.push(await planPlatform(shown, store, top, parsed.value, options));
    }
    return parsed.kind === 'index' ? { top, index: parsed.value, work } : { top, work };
}
/** An index entry that may be a platform image: attestations and other artifacts ride along untouched. */
function mayBePlatformImage(d) {
    return (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_3__/* .isImageManifestMediaType */ .d6)(d.mediaType) && d.platform?.os !== 'unknown';
}
/** "Not found" said for people: which image, what to check; the registry's code in the detail. */
function notFound(error, ref, shown) {
    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isNotFound */ .c4)(error))
        return error;
    const assumed = ref.defaultTag ? '; no tag was given, so "latest" was assumed' : '';
    const detail = error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RegistryError */ .gl && error.registryCodes.length > 0
        ? ` [${error.registryCodes.join(', ')}]`
        : ref.kind === 'layout'
            ? ` [${error.message}]`
            : '';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('image-not-found', `image ${shown} not found: check the name and ${ref.digest ? 'digest' : 'tag'}${assumed}${detail}`);
}
async function planPlatform(reference, store, before, manifest, options, descriptor) {
    const config = await (0,_oci_config_js__WEBPACK_IMPORTED_MODULE_2__/* .loadConfig */ .Z)(store, manifest, reference);
    const metadata = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .parseLifecycleMetadata */ .F8)(config, reference);
    if (!metadata) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('not-an-app-image', `${reference} is not a Cloud Native Buildpacks app image: its config has no io.buildpacks.lifecycle.metadata label`);
    }
    const app = {
        reference,
        manifestDigest: before.digest,
        manifest,
        config,
        metadata,
        buildMetadata: (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .parseBuildMetadata */ .Ri)(config, reference),
    };
    const platform = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformOf */ .tj)(config);
    const extraWarnings = [];
    const published = [];
    if (options.published) {
        const found = await options.published((metadata.buildpacks ?? []).map((b) => ({ key: b.key, version: b.version })), platform);
        published.push(...found.files.flatMap((f) => f.patches));
        extraWarnings.push(...found.warnings.map((w) => `${reference}: ${w}`));
    }
    // Published patches first: the run's list ends with the explicit ones, and the later patch wins.
    const patches = [...published, ...options.patches];
    const matched = (0,_patches_match_js__WEBPACK_IMPORTED_MODULE_5__/* .matchPatches */ .UN)(metadata, patches, platform);
    matched.unmatched = (0,_undo_history_js__WEBPACK_IMPORTED_MODULE_6__/* .markAlreadyPatched */ .ju)(matched.unmatched, metadata, (0,_undo_history_js__WEBPACK_IMPORTED_MODULE_6__/* .appliedRecords */ .my)(config) ?? []);
    const resolutions = new Map();
    const patchImages = new Map();
    for (const match of matched.matches) {
        const key = (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .patchImageKey */ .FW)(match.patch);
        if (resolutions.has(key))
            continue;
        const { resolution, store: patchStore } = await options.resolver.resolve(match.patch, platform);
        resolutions.set(key, resolution);
        if (patchStore && resolution.status === 'resolved')
            patchImages.set(key, { image: resolution, store: patchStore });
    }
    const plan = (0,_plan_js__WEBPACK_IMPORTED_MODULE_7__/* .planRebase */ .Qs)(app, matched, resolutions, { force: options.force });
    plan.warnings.push(...extraWarnings);
    const work = { before, app, plan, patchImages };
    if (options.runImage) {
        const candidates = options.runImage === 'auto'
            ? [metadata.runImage?.image, ...(metadata.runImage?.mirrors ?? [])].filter((c) => Boolean(c))
            : [options.runImage];
        const refused = (reason) => ({
            status: 'refused',
            reason,
            forced: false,
            warnings: [],
            from: {
                reference: metadata.runImage?.reference ?? null,
                topLayer: metadata.runImage?.topLayer ?? null,
                layers: 0,
            },
            to: null,
        });
        if (candidates.length === 0) {
            plan.runImage = refused('run-image: auto, but the app image records no runImage.image');
        }
        else {
            const found = await (0,_resolve_js__WEBPACK_IMPORTED_MODULE_8__/* .resolveForPlatform */ .b)(options.stores, candidates, platform, 'run image', options.log, true);
            if (found.status === 'missing-platform') {
                plan.runImage = refused(`run image ${found.reference} has no ${(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)(platform)} image (it has: ${found.available.join(', ') || 'none'})`);
            }
            else {
                plan.runImage = (0,_run_image_js__WEBPACK_IMPORTED_MODULE_9__/* .planRunImage */ .aC)(app, found, { force: options.force });
                plan.warnings.push(...plan.runImage.warnings);
                work.runStore = found.store;
            }
        }
    }
    if (descriptor)
        work.descriptor = descriptor;
    return work;
}


/***/ }),

/***/ 77384:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ patchImageReaders)
/* harmony export */ });
/* harmony import */ var _oci_content_cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(59003);
/* harmony import */ var _resolve_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(42776);
/* harmony import */ var _sbom_step_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(75954);
/* harmony import */ var _verified_cache_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(82609);




/**
 * What reads patch images for a run, a `verify` or an undo's proof: the resolver (with verdicts on patch
 * layers kept in the cache directory unless `verdicts` is false) and the SBOM tar reader, both over the
 * content cache of that directory (re-hashed on use, so kept whatever `verdicts` says).
 */
function patchImageReaders(stores, log, cacheDir, verdicts = true) {
    const verified = cacheDir && verdicts ? (0,_verified_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .diskCache */ .IS)(cacheDir) : _verified_cache_js__WEBPACK_IMPORTED_MODULE_3__/* .noCache */ .wt;
    const content = cacheDir ? (0,_oci_content_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .diskContentCache */ .Z4)(cacheDir) : _oci_content_cache_js__WEBPACK_IMPORTED_MODULE_0__/* .noContentCache */ .De;
    return {
        resolver: new _resolve_js__WEBPACK_IMPORTED_MODULE_1__/* .PatchImageResolver */ .q(stores, log, verified, content),
        readTar: (0,_sbom_step_js__WEBPACK_IMPORTED_MODULE_2__/* .cachedTarReader */ .XL)(_sbom_step_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_SBOM_LAYER_BYTES */ .rt, content),
    };
}


/***/ }),

/***/ 42776:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ resolveForPlatform),
/* harmony export */   q: () => (/* binding */ PatchImageResolver)
/* harmony export */ });
/* harmony import */ var _cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92556);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(83916);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(62148);
/* harmony import */ var _oci_config_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(5335);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3048);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(79553);
/* harmony import */ var _memo_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(75025);
/* harmony import */ var _inspect_layer_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(91528);
/* harmony import */ var _verified_cache_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(82609);
/* harmony import */ var _oci_content_cache_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(59003);










/**
 * Resolves the first reachable candidate (primary, then mirrors in order) for one platform: from an
 * index, the entry for that os/architecture/variant. Throws when no candidate can be read at all.
 */
async function resolveForPlatform(stores, candidates, platform, what, log, 
/** Accept a single-platform image whatever its platform (the caller checks it, e.g. to allow force). */
anyPlatformForSingle = false, configs = _oci_content_cache_js__WEBPACK_IMPORTED_MODULE_8__/* .noContentCache */ .De) {
    const failures = [];
    for (const candidate of candidates) {
        const ref = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(candidate);
        const store = stores.storeFor(ref);
        let top;
        try {
            top = await store.getManifest(ref.digest ?? ref.tag);
        }
        catch (error) {
            failures.push(`${candidate}: ${error.message}`);
            log.info(`${what} ${candidate} is not available (${error.message}); trying the next mirror`);
            continue;
        }
        const shown = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)(ref);
        const parsed = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(top.bytes, `${what} ${shown}`, top.mediaType);
        let manifest;
        let digest = top.digest;
        if (parsed.kind === 'index') {
            const entry = parsed.value.manifests.find((d) => (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformMatches */ .J5)(d.platform, platform));
            if (!entry) {
                const available = parsed.value.manifests
                    .filter((d) => d.platform)
                    .map((d) => (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)(d.platform));
                return { status: 'missing-platform', reference: shown, available };
            }
            const child = await store.getManifest(entry.digest);
            const childParsed = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(child.bytes, `${what} ${shown}@${entry.digest}`, entry.mediaType);
            if (childParsed.kind !== 'image')
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('invalid-image', `${what} ${shown}: nested index`);
            manifest = childParsed.value;
            digest = child.digest;
        }
        else {
            manifest = parsed.value;
        }
        const config = await (0,_oci_config_js__WEBPACK_IMPORTED_MODULE_3__/* .loadConfig */ .Z)(store, manifest, `${what} ${shown}`, configs);
        if (parsed.kind === 'image' && !anyPlatformForSingle && !(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformMatches */ .J5)((0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformOf */ .tj)(config), platform)) {
            return {
                status: 'missing-platform',
                reference: shown,
                available: [(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)((0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .platformOf */ .tj)(config))],
            };
        }
        return { status: 'resolved', store, reference: shown, digest, manifest, config };
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN(`${what.replace(/ /g, '-')}-unavailable`, `${what} ${candidates[0]} is not available from any source (${failures.join('; ')})`);
}
/**
 * Resolves patch images once per run and platform, and checks that each carries lifecycle metadata.
 */
class PatchImageResolver {
    stores;
    log;
    verified;
    content;
    cache = new Map();
    inspections = new Map();
    constructor(stores, log, verified = _verified_cache_js__WEBPACK_IMPORTED_MODULE_7__/* .noCache */ .wt, content = _oci_content_cache_js__WEBPACK_IMPORTED_MODULE_8__/* .noContentCache */ .De) {
        this.stores = stores;
        this.log = log;
        this.verified = verified;
        this.content = content;
    }
    resolve(patch, platform) {
        const key = `${(0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .patchImageKey */ .FW)(patch)}\n${(0,_oci_types_js__WEBPACK_IMPORTED_MODULE_4__/* .formatPlatform */ .Bq)(platform)}`;
        return (0,_memo_js__WEBPACK_IMPORTED_MODULE_9__/* .once */ .O)(this.cache, key, () => this.resolveUncached(patch, platform));
    }
    async resolveUncached(patch, platform) {
        const found = await resolveForPlatform(this.stores, [patch.patchImage, ...patch.mirrors], platform, 'patch image', this.log, false, this.content);
        if (found.status === 'missing-platform')
            return { resolution: found };
        const metadata = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .parseLifecycleMetadata */ .F8)(found.config, `patch image ${found.reference}`);
        if (!metadata) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .LayerRebaseError */ .wN('invalid-patch-image', `patch image ${found.reference} has no io.buildpacks.lifecycle.metadata label; a patch image must be built by lifecycle (pack build)`);
        }
        return {
            store: found.store,
            resolution: {
                status: 'resolved',
                reference: found.reference,
                digest: found.digest,
                manifest: found.manifest,
                config: found.config,
                metadata,
                buildMetadata: (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .parseBuildMetadata */ .Ri)(found.config, `patch image ${found.reference}`),
            },
        };
    }
    /** A result this run or an earlier one already has (memory or the disk cache); never reads the layer. */
    async knownInspection(store, layer, diffId, rule) {
        return (this.inspections.get(this.inspectionKey(store, layer, diffId, rule)) ??
            this.fromDisk(layer, diffId, rule));
    }
    /**
     * Verifies a patch layer's diffID and checks where it writes, once per layer, diffID and allowed
     * directory in a run (a fleet shares a few patch images), and across runs through the disk cache.
     */
    inspectLayer(store, layer, diffId, rule) {
        return (0,_memo_js__WEBPACK_IMPORTED_MODULE_9__/* .once */ .O)(this.inspections, this.inspectionKey(store, layer, diffId, rule), async () => (await this.fromDisk(layer, diffId, rule)) ??
            this.remember((0,_inspect_layer_js__WEBPACK_IMPORTED_MODULE_6__/* .inspectPatchLayer */ .wb)(store, layer, diffId, rule), layer, diffId, rule));
    }
    /**
     * Verifies a patch layer from bytes that are flowing anyway (a copy to another registry); other
     * images of the run share the result, and it is remembered like a read of its own.
     */
    inspectInTransit(stream, store, layer, diffId, rule) {
        const key = this.inspectionKey(store, layer, diffId, rule);
        const running = this.remember((0,_inspect_layer_js__WEBPACK_IMPORTED_MODULE_6__/* .inspectLayerStream */ .MZ)(stream, store, layer, diffId, rule), layer, diffId, rule);
        // A restarted upload streams again: the latest stream's answer is the one that counts.
        this.inspections.set(key, running);
        running.catch(() => {
            if (this.inspections.get(key) === running)
                this.inspections.delete(key);
        });
        return running;
    }
    inspectionKey(store, layer, diffId, rule) {
        return `${store.name}@${layer.digest}/${layer.size}>${diffId}>${rule.dir}`;
    }
    async fromDisk(layer, diffId, rule) {
        const known = await this.verified.get(layer, diffId, rule.dir);
        if (known)
            this.log.debug(`patch layer ${layer.digest}: verified before (cache), not read again`);
        return known;
    }
    async remember(inspection, layer, diffId, rule) {
        const result = await inspection;
        await this.verified.put(layer, diffId, rule.dir, result);
        return result;
    }
}


/***/ }),

/***/ 8753:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  y_: () => (/* binding */ CURRENT_RECORD_FORMAT),
  dN: () => (/* binding */ appliedRecord),
  dp: () => (/* binding */ pinned),
  iU: () => (/* binding */ rewriteImage)
});

// UNUSED EXPORTS: parseApplied

// EXTERNAL MODULE: ./src/cnb/metadata.ts
var metadata = __nccwpck_require__(92556);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
;// CONCATENATED MODULE: ./src/json-merge.ts

const WS = /[ \t\n\r]*/y;
function parseSpans(text, where) {
    let i = 0;
    const fail = (why) => {
        throw new errors/* FormatError */.IF(where, '', undefined, `${why} at character ${i}`);
    };
    const ws = () => {
        WS.lastIndex = i;
        WS.exec(text);
        i = WS.lastIndex;
    };
    const value = (depth) => {
        if (depth > 64)
            fail('nested too deeply');
        ws();
        const start = i;
        const c = text[i];
        if (c === '{') {
            i++;
            const entries = [];
            const out = Object.create(null);
            ws();
            if (text[i] === '}')
                i++;
            else
                for (;;) {
                    ws();
                    if (text[i] !== '"')
                        fail('expected a key');
                    const keyNode = string();
                    const key = keyNode.value;
                    if (Object.prototype.hasOwnProperty.call(out, key))
                        fail(`the key "${key}" appears twice (readers disagree on which counts)`);
                    ws();
                    if (text[i++] !== ':')
                        fail('expected ":"');
                    const node = value(depth + 1);
                    entries.push({ key, node });
                    out[key] = node.value;
                    ws();
                    if (text[i] === ',')
                        i++;
                    else if (text[i] === '}') {
                        i++;
                        break;
                    }
                    else
                        fail('expected "," or "}"');
                }
            return { start, end: i, value: { ...out }, entries };
        }
        if (c === '[') {
            i++;
            const items = [];
            ws();
            if (text[i] === ']')
                i++;
            else
                for (;;) {
                    items.push(value(depth + 1));
                    ws();
                    if (text[i] === ',')
                        i++;
                    else if (text[i] === ']') {
                        i++;
                        break;
                    }
                    else
                        fail('expected "," or "]"');
                }
            return { start, end: i, value: items.map((n) => n.value), items };
        }
        if (c === '"')
            return string();
        const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
        m.lastIndex = i;
        const found = m.exec(text);
        if (!found)
            fail('expected a value');
        i = m.lastIndex;
        return { start, end: i, value: JSON.parse(found[0]) };
    };
    const string = () => {
        const start = i;
        // JSON forbids raw control characters in strings; JSON.parse below refuses them.
        const m = /"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;
        m.lastIndex = i;
        const found = m.exec(text);
        if (!found)
            fail('a malformed string');
        i = m.lastIndex;
        return { start, end: i, value: JSON.parse(found[0]) };
    };
    const root = value(0);
    ws();
    if (i !== text.length)
        fail('text after the value');
    return root;
}
function equal(a, b) {
    if (a === b)
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    if (Array.isArray(a)) {
        const bb = b;
        return a.length === bb.length && a.every((x, i) => equal(x, bb[i]));
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (ka.length === kb.length &&
        ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal(a[k], b[k])));
}
function emit(text, node, value) {
    if (value === undefined)
        return 'null';
    if (node && equal(node.value, value))
        return text.slice(node.start, node.end);
    if (node?.entries && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const obj = value;
        const parts = [];
        const seen = new Set();
        // Keys in their original order, then new ones in the order the edit added them.
        for (const { key, node: child } of node.entries) {
            seen.add(key);
            if (!Object.prototype.hasOwnProperty.call(obj, key) || obj[key] === undefined)
                continue;
            parts.push(`${JSON.stringify(key)}:${emit(text, child, obj[key])}`);
        }
        for (const [key, v] of Object.entries(obj))
            if (!seen.has(key) && v !== undefined)
                parts.push(`${JSON.stringify(key)}:${emit(text, undefined, v)}`);
        return `{${parts.join(',')}}`;
    }
    if (node?.items && Array.isArray(value))
        return `[${value.map((v, i) => emit(text, node.items[i], v)).join(',')}]`;
    return JSON.stringify(value);
}
/** `value` as JSON text, reusing the bytes of `original` wherever the value did not change. */
function stringifyLike(original, value, where) {
    return emit(original, parseSpans(original, where), value);
}

// EXTERNAL MODULE: ./src/oci/config.ts
var oci_config = __nccwpck_require__(5335);
// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/patches/types.ts
var types = __nccwpck_require__(34527);
// EXTERNAL MODULE: ./src/rebase/run-image.ts
var run_image = __nccwpck_require__(76861);
// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __nccwpck_require__(74693);
// EXTERNAL MODULE: ./src/version.ts
var version = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/rebase/rewrite.ts








const CURRENT_RECORD_FORMAT = { tool: `layer-rebase ${version/* VERSION */.x}`, positions: true };
const LAYER_METADATA_KEYS = ['sha', 'data', 'build', 'launch', 'cache'];
/** A patch file as the label records it: local files by canonical name and sha256, URLs without their query. */
function recordedSource(source) {
    const name = source.recorded ?? source.location;
    return source.buildpack ? `${name} (buildpack ${source.buildpack})` : name;
}
/**
 * A patch image as the label records it: the reference it was given and the manifest used, by digest
 * (`ghcr.io/acme/jre:17@sha256:…`; an index pinned by digest keeps its own: `…@sha256:index@sha256:child`).
 * A reference already pinned to that very manifest is not pinned twice.
 */
function pinned(reference, digest) {
    return reference.endsWith(`@${digest}`) ? reference : `${reference}@${digest}`;
}
function appliedRecord(swap, replaced, format = CURRENT_RECORD_FORMAT) {
    return {
        target: (0,rebase_types/* targetName */.j)(swap.target),
        source: recordedSource(swap.patch.source),
        selector: (0,types/* describeSelector */.r)(swap.patch),
        patchImage: pinned(swap.patchImage.reference, swap.patchImage.digest),
        from: swap.from.diffId,
        to: swap.to.diffId,
        ...(swap.from.version ? { fromVersion: swap.from.version } : {}),
        ...(swap.to.version ? { toVersion: swap.to.version } : {}),
        ...(swap.patch.kind === 'layer' && Object.keys(swap.patch.data).length > 0
            ? { data: { ...swap.patch.data } }
            : {}),
        ...(format.positions && swap.target.kind === 'layer' ? { position: swap.target.index } : {}),
        ...(replaced ? { replaced } : {}),
        ...(format.tool ? { tool: format.tool } : {}),
    };
}
/** The layer record of the patch image over the app's: the patch's values win, other keys are kept. */
function mergeLayerMetadata(current, offered) {
    const out = { ...current };
    for (const key of LAYER_METADATA_KEYS)
        if (!(key in offered))
            delete out[key];
    for (const [key, value] of Object.entries(offered))
        out[key] = structuredClone(value);
    return out;
}
/**
 * The new config and manifest for a plan: pure, deterministic (no timestamps, stable key order),
 * editing the parsed originals so that unknown fields survive. Layers are replaced in place: same
 * index in `layers`, `rootfs.diff_ids` and history.
 */
function rewriteImage(plan, manifest, config, extra = [], replaced, format = CURRENT_RECORD_FORMAT) {
    const newConfig = structuredClone(config);
    const newManifest = structuredClone(manifest);
    const labels = { ...(newConfig.config?.Labels ?? {}) };
    const lifecycle = JSON.parse(labels[metadata/* LIFECYCLE_METADATA_LABEL */.Yx] ?? '{}');
    const build = labels[metadata/* BUILD_METADATA_LABEL */.Ut]
        ? JSON.parse(labels[metadata/* BUILD_METADATA_LABEL */.Ut])
        : undefined;
    for (const swap of plan.swaps) {
        newManifest.layers[swap.layerIndex] = structuredClone(swap.to.descriptor);
        newConfig.rootfs.diff_ids[swap.layerIndex] = swap.to.diffId;
        if (swap.historyIndex !== undefined &&
            swap.to.createdBy !== undefined &&
            newConfig.history?.[swap.historyIndex]) {
            newConfig.history[swap.historyIndex].created_by = swap.to.createdBy;
        }
        if (swap.target.kind === 'launcher') {
            lifecycle.launcher = { ...(lifecycle.launcher ?? {}), sha: swap.to.diffId };
            if (build?.launcher && swap.to.version !== undefined)
                build.launcher.version = swap.to.version;
            continue;
        }
        const { buildpack, layer, index } = swap.target;
        // The entry the plan matched, by position: two entries may share an id.
        const bp = lifecycle.buildpacks?.[index]?.key === buildpack ? lifecycle.buildpacks[index] : undefined;
        if (!bp?.layers?.[layer] || !swap.to.metadata)
            continue;
        bp.layers[layer] = mergeLayerMetadata(bp.layers[layer], swap.to.metadata);
        if (swap.to.legacyBom && Array.isArray(build?.bom))
            build.bom = replaceLegacyBom(build.bom, buildpack, swap.to.legacyBom);
        if (swap.to.buildpackVersion !== undefined && swap.to.buildpackVersion !== bp.version) {
            bp.version = swap.to.buildpackVersion;
            for (const entry of build?.buildpacks ?? [])
                if (entry.id === buildpack)
                    entry.version = swap.to.buildpackVersion;
        }
    }
    for (const change of extra) {
        newManifest.layers[change.layerIndex] = structuredClone(change.descriptor);
        newConfig.rootfs.diff_ids[change.layerIndex] = change.diffId;
        lifecycle[change.metadataKey] = { ...(lifecycle[change.metadataKey] ?? {}), sha: change.diffId };
    }
    const runImage = plan.runImage?.status === 'rebase' ? plan.runImage.change : undefined;
    if (runImage) {
        // Last, because it shifts every index above the old base: the swaps above used the original ones.
        newManifest.layers = [
            ...structuredClone(runImage.layers),
            ...newManifest.layers.slice(runImage.topIndex + 1),
        ];
        newConfig.rootfs.diff_ids = [
            ...runImage.diffIds,
            ...newConfig.rootfs.diff_ids.slice(runImage.topIndex + 1),
        ];
        if (runImage.historyEnd !== undefined && newConfig.history) {
            newConfig.history = [
                ...structuredClone(runImage.history),
                ...newConfig.history.slice(runImage.historyEnd + 1),
            ];
        }
        newConfig.os = runImage.platform.os;
        newConfig.architecture = runImage.platform.architecture;
        if (runImage.platform.variant)
            newConfig.variant = runImage.platform.variant;
        else
            delete newConfig.variant;
        if (runImage.platform['os.version'])
            newConfig['os.version'] = runImage.platform['os.version'];
        else
            delete newConfig['os.version'];
        for (const key of Object.keys(labels))
            if (run_image/* BASE_LABEL_PREFIXES */.ko.some((p) => key.startsWith(p)))
                delete labels[key];
        Object.assign(labels, runImage.baseLabels);
        lifecycle.runImage = {
            ...(lifecycle.runImage ?? {}),
            topLayer: runImage.topLayer,
            reference: runImage.reference,
        };
    }
    // Untouched values keep their bytes (20-digit integers, `1.0`, Go's escapes): only edits are re-encoded.
    const original = config.config?.Labels ?? {};
    labels[metadata/* LIFECYCLE_METADATA_LABEL */.Yx] = stringifyLike(original[metadata/* LIFECYCLE_METADATA_LABEL */.Yx] ?? '{}', lifecycle, `label ${metadata/* LIFECYCLE_METADATA_LABEL */.Yx}`);
    if (build)
        labels[metadata/* BUILD_METADATA_LABEL */.Ut] = stringifyLike(original[metadata/* BUILD_METADATA_LABEL */.Ut], build, `label ${metadata/* BUILD_METADATA_LABEL */.Ut}`);
    const previous = parseApplied(labels[metadata/* APPLIED_PATCHES_LABEL */.YE]);
    const records = plan.swaps.map((s) => appliedRecord(s, replaced, format));
    if (runImage && plan.runImage?.from.topLayer) {
        records.push({
            target: 'run-image',
            source: 'run-image',
            selector: 'run-image',
            patchImage: runImage.reference,
            from: plan.runImage.from.topLayer,
            to: runImage.topLayer,
            ...(replaced ? { replaced } : {}),
            ...(format.tool ? { tool: format.tool } : {}),
        });
    }
    labels[metadata/* APPLIED_PATCHES_LABEL */.YE] = JSON.stringify([...previous, ...records]);
    newConfig.config = { ...(newConfig.config ?? {}), Labels: labels };
    const text = (0,oci_config/* configText */.U)(config);
    const configBytes = Buffer.from(text ? stringifyLike(text, newConfig, 'image config') : JSON.stringify(newConfig));
    const configDigest = (0,digest/* sha256 */.sc)(configBytes);
    newManifest.config = { ...newManifest.config, digest: configDigest, size: configBytes.length };
    const manifestBytes = Buffer.from(JSON.stringify(newManifest));
    return {
        config: { bytes: configBytes, digest: configDigest },
        manifest: { bytes: manifestBytes, mediaType: newManifest.mediaType, digest: (0,digest/* sha256 */.sc)(manifestBytes) },
    };
}
function parseApplied(text) {
    if (!text)
        return [];
    try {
        const value = JSON.parse(text);
        return Array.isArray(value) ? value : [];
    }
    catch {
        return [];
    }
}
/** The legacy BOM with one buildpack's entries replaced, in place of the first of them. */
function replaceLegacyBom(bom, buildpack, entries) {
    const own = new Set((0,metadata/* legacyBomOf */.rL)({ bom }, buildpack));
    const at = bom.findIndex((e) => own.has(e));
    const rest = bom.filter((e) => !own.has(e));
    rest.splice(at < 0 ? rest.length : at, 0, ...structuredClone(entries));
    return rest;
}


/***/ }),

/***/ 76861:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   aC: () => (/* binding */ planRunImage),
/* harmony export */   ko: () => (/* binding */ BASE_LABEL_PREFIXES)
/* harmony export */ });
/* unused harmony exports BASE_ID_LABEL, STACK_ID_LABEL, REBASABLE_LABEL */
/* harmony import */ var _cnb_history_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(39993);
/* harmony import */ var _cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92556);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(29217);
/* harmony import */ var _oci_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3048);




const BASE_ID_LABEL = 'io.buildpacks.base.id';
const STACK_ID_LABEL = 'io.buildpacks.stack.id';
const REBASABLE_LABEL = 'io.buildpacks.rebasable';
/** Labels that describe the base image: replaced by the new run image's on a rebase, as lifecycle does. */
const BASE_LABEL_PREFIXES = ['io.buildpacks.base.', 'io.buildpacks.stack.'];
function baseId(config) {
    const labels = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .labelsOf */ .PC)(config);
    return labels[BASE_ID_LABEL] ?? labels[STACK_ID_LABEL];
}
/**
 * The buildpack layers an image's lifecycle label lists (`example/node: node, deps`): an app image has
 * them, a run image never does. Empty when the label is absent or unreadable.
 */
function buildpackLayersOf(config) {
    const text = (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .labelsOf */ .PC)(config)[_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .LIFECYCLE_METADATA_LABEL */ .Yx];
    if (text === undefined)
        return [];
    let metadata;
    try {
        metadata = JSON.parse(text);
    }
    catch {
        return [];
    }
    const buildpacks = metadata.buildpacks;
    if (!Array.isArray(buildpacks))
        return [];
    return buildpacks.flatMap((bp) => {
        const layers = bp && typeof bp.layers === 'object' && bp.layers !== null ? Object.keys(bp.layers) : [];
        return layers.length > 0 && typeof bp.key === 'string' ? [`${bp.key}: ${layers.join(', ')}`] : [];
    });
}
/**
 * The platform spec's rebase, planned: the layers up to `runImage.topLayer` are the old base and are
 * replaced by the new run image's layers. Refused (unless forced) on an os/architecture or base id
 * mismatch, and when the app says it is not rebasable (its run image was extended). Pure.
 */
function planRunImage(app, run, options) {
    const topLayer = app.metadata.runImage?.topLayer;
    const topIndex = topLayer ? app.config.rootfs.diff_ids.indexOf(topLayer) : -1;
    const newTop = run.config.rootfs.diff_ids[run.config.rootfs.diff_ids.length - 1] ?? null;
    const plan = {
        status: 'rebase',
        forced: false,
        warnings: [],
        from: {
            reference: app.metadata.runImage?.reference ?? null,
            topLayer: topLayer ?? null,
            layers: topIndex + 1,
        },
        to: {
            reference: `${run.reference.replace(/[:@][^/]*$/, '')}@${run.digest}`,
            digest: run.digest,
            topLayer: newTop,
            layers: run.manifest.layers.length,
        },
    };
    const refuse = (reason) => ({ ...plan, status: 'refused', reason });
    // An app image given as the run image would put one app's layers under another: never, force or not.
    const appLayers = buildpackLayersOf(run.config);
    if (appLayers.length > 0) {
        const recorded = app.metadata.runImage?.image ?? app.metadata.runImage?.reference;
        return refuse(`${run.reference} is an app image, not a run image: its ${_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .LIFECYCLE_METADATA_LABEL */ .Yx} label lists buildpack layers (${appLayers.slice(0, 3).join('; ')}${appLayers.length > 3 ? '; …' : ''}); give the run image the app was built on${recorded ? ` (it records ${recorded})` : ''}, or auto`);
    }
    if (!topLayer)
        return refuse('the app image records no runImage.topLayer in its lifecycle metadata');
    if (topIndex < 0)
        return refuse(`runImage.topLayer ${topLayer} is not one of the app image's layers`);
    if (run.manifest.layers.length !== run.config.rootfs.diff_ids.length || run.manifest.layers.length === 0) {
        return refuse(`run image ${run.reference}: its manifest and config disagree on the layers`);
    }
    const oldBase = app.config.rootfs.diff_ids.slice(0, topIndex + 1);
    if (oldBase.length === run.config.rootfs.diff_ids.length &&
        oldBase.every((d, i) => d === run.config.rootfs.diff_ids[i])) {
        return { ...plan, status: 'current', reason: `already on ${run.reference} (${run.digest})` };
    }
    const problems = [];
    if ((0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .labelsOf */ .PC)(app.config)[REBASABLE_LABEL] === 'false') {
        problems.push(`the app image is labelled ${REBASABLE_LABEL}=false (its run image was extended by image extensions)`);
    }
    const appPlatform = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)((0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .platformOf */ .tj)(app.config));
    const runPlatform = (0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPlatform */ .Bq)((0,_oci_types_js__WEBPACK_IMPORTED_MODULE_2__/* .platformOf */ .tj)(run.config));
    if (app.config.os !== run.config.os || app.config.architecture !== run.config.architecture) {
        problems.push(`the new run image is ${runPlatform} but the app image is ${appPlatform}`);
    }
    const appBase = baseId(app.config);
    const runBase = baseId(run.config);
    if (appBase !== runBase) {
        problems.push(`the new run image has base id ${runBase ?? '(none)'} but the app image has ${appBase ?? '(none)'}`);
    }
    if (problems.length > 0) {
        if (!options.force)
            return refuse(`${problems.join('; ')} (set force to override)`);
        plan.forced = true;
        plan.warnings.push(...problems.map((p) => `${app.reference}: ${p}; rebased anyway because force is set`));
    }
    const family = (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .familyOf */ .Ap)(app.manifest.mediaType);
    let layers;
    try {
        layers = run.manifest.layers.map((l) => ({
            mediaType: (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .layerMediaTypeFor */ .xy)(l.mediaType, family),
            digest: l.digest,
            size: l.size,
        }));
    }
    catch (error) {
        return refuse(`run image ${run.reference}: ${error.message}`);
    }
    // The old base's history runs up to the entry of the first layer above it (its trailing empty
    // entries, such as USER, belong to the base too).
    const appHistory = (0,_cnb_history_js__WEBPACK_IMPORTED_MODULE_3__/* .historyIndexByLayer */ .p)(app.config.history, app.config.rootfs.diff_ids.length);
    const firstAbove = appHistory[topIndex + 1];
    const historyEnd = appHistory[topIndex] === undefined
        ? undefined
        : firstAbove !== undefined
            ? firstAbove - 1
            : (app.config.history?.length ?? 0) - 1;
    const baseLabels = Object.fromEntries(Object.entries((0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .labelsOf */ .PC)(run.config)).filter(([k]) => BASE_LABEL_PREFIXES.some((p) => k.startsWith(p))));
    const runPlatformFields = {
        os: run.config.os,
        architecture: run.config.architecture,
    };
    if (run.config.variant)
        runPlatformFields.variant = run.config.variant;
    if (run.config['os.version'])
        runPlatformFields['os.version'] = run.config['os.version'];
    plan.change = {
        topIndex,
        historyEnd,
        layers,
        diffIds: [...run.config.rootfs.diff_ids],
        history: structuredClone(run.config.history ?? []),
        platform: runPlatformFields,
        baseLabels,
        topLayer: newTop,
        reference: plan.to.reference,
    };
    return plan;
}


/***/ }),

/***/ 75954:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  rt: () => (/* binding */ MAX_SBOM_LAYER_BYTES),
  XL: () => (/* binding */ cachedTarReader),
  Zf: () => (/* binding */ planSbom)
});

// EXTERNAL MODULE: ./src/cnb/metadata.ts
var metadata = __nccwpck_require__(92556);
// EXTERNAL MODULE: ./src/cnb/sbom.ts
var sbom = __nccwpck_require__(24028);
;// CONCATENATED MODULE: ./src/cnb/sbom-diff.ts
const FILES = [
    { file: 'sbom.cdx.json', format: 'cyclonedx' },
    { file: 'sbom.spdx.json', format: 'spdx' },
    { file: 'sbom.syft.json', format: 'syft' },
];
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v) => (typeof v === 'string' ? v : undefined);
function cyclonedx(doc) {
    const out = [];
    const walk = (list) => {
        if (!Array.isArray(list))
            return;
        for (const c of list) {
            if (!isObject(c) || !str(c.name))
                continue;
            const name = str(c.group) ? `${str(c.group)}/${str(c.name)}` : str(c.name);
            out.push({ name, version: str(c.version) ?? '', ...(str(c.purl) ? { purl: str(c.purl) } : {}) });
            walk(c.components);
        }
    };
    walk(doc.components);
    return out;
}
function spdx(doc) {
    if (!Array.isArray(doc.packages))
        return [];
    return doc.packages.filter(isObject).flatMap((p) => {
        const name = str(p.name);
        if (!name)
            return [];
        const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isObject) : [];
        const purl = str(refs.find((r) => r.referenceType === 'purl')?.referenceLocator);
        return [{ name, version: str(p.versionInfo) ?? '', ...(purl ? { purl } : {}) }];
    });
}
/** Syft JSON; libpak writes the older Go-struct spelling (`Artifacts`, `Name`, `Version`, `PURL`). */
function syft(doc) {
    const artifacts = doc.artifacts ?? doc.Artifacts;
    if (!Array.isArray(artifacts))
        return [];
    return artifacts.filter(isObject).flatMap((a) => {
        const name = str(a.name ?? a.Name);
        if (!name)
            return [];
        const purl = str(a.purl ?? a.PURL ?? a.Purl);
        return [{ name, version: str(a.version ?? a.Version) ?? '', ...(purl ? { purl } : {}) }];
    });
}
function parseComponents(format, bytes) {
    let doc;
    try {
        doc = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (!isObject(doc))
        return undefined;
    return format === 'cyclonedx' ? cyclonedx(doc) : format === 'spdx' ? spdx(doc) : syft(doc);
}
/** Every component the SBOM files of one layer list, in all the formats present (scanners' purls vary by format). */
function componentsOf(files) {
    const present = FILES.filter((f) => files[f.file]);
    if (present.length === 0)
        return undefined;
    return present.flatMap((f) => parseComponents(f.format, files[f.file]) ?? []);
}
/** Identity of a component across versions: its purl without version and qualifiers, else its name. */
function identity(c) {
    if (c.purl)
        return c.purl.replace(/[?#].*$/, '').replace(/@[^/@]*$/, '');
    return `name:${c.name}`;
}
function diffComponents(format, before, after) {
    const group = (list) => {
        const m = new Map();
        for (const c of list)
            m.set(identity(c), [...(m.get(identity(c)) ?? []), c]);
        return m;
    };
    const old = group(before);
    const neu = group(after);
    const diff = { format, added: [], removed: [], changed: [] };
    for (const [key, olds] of old) {
        const news = neu.get(key);
        if (!news) {
            diff.removed.push(...olds);
            continue;
        }
        const oldVersions = olds.map((c) => c.version).sort();
        const newVersions = news.map((c) => c.version).sort();
        if (oldVersions.join('\n') === newVersions.join('\n'))
            continue;
        if (olds.length === 1 && news.length === 1) {
            const to = news[0];
            diff.changed.push({
                name: to.name,
                from: olds[0].version,
                to: to.version,
                ...(to.purl ? { purl: to.purl } : {}),
            });
        }
        else {
            diff.removed.push(...olds.filter((c) => !newVersions.includes(c.version)));
            diff.added.push(...news.filter((c) => !oldVersions.includes(c.version)));
        }
    }
    for (const [key, news] of neu)
        if (!old.has(key))
            diff.added.push(...news);
    const byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    diff.added.sort(byName);
    diff.removed.sort(byName);
    diff.changed.sort(byName);
    return diff;
}
/** The diff of the first format present on both sides (CycloneDX, then SPDX, then Syft); else one side alone. */
function diffSbomFiles(before, after) {
    const pick = FILES.find((f) => before[f.file] && after[f.file]) ?? FILES.find((f) => before[f.file] || after[f.file]);
    if (!pick)
        return undefined;
    const old = before[pick.file] ? (parseComponents(pick.format, before[pick.file]) ?? []) : [];
    const neu = after[pick.file] ? (parseComponents(pick.format, after[pick.file]) ?? []) : [];
    return diffComponents(pick.format, old, neu);
}

// EXTERNAL MODULE: ./src/oci/compression.ts + 2 modules
var compression = __nccwpck_require__(34164);
// EXTERNAL MODULE: ./src/oci/content-cache.ts
var content_cache = __nccwpck_require__(59003);
// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
// EXTERNAL MODULE: ./src/rebase/plan.ts
var rebase_plan = __nccwpck_require__(79553);
// EXTERNAL MODULE: ./src/rebase/types.ts
var types = __nccwpck_require__(74693);
// EXTERNAL MODULE: ./src/memo.ts
var memo = __nccwpck_require__(75025);
;// CONCATENATED MODULE: ./src/rebase/sbom-step.ts










/** SBOM layers are JSON documents; anything bigger than this uncompressed is refused. */
const MAX_SBOM_LAYER_BYTES = 256 * 1024 * 1024;
function cachedTarReader(limit = MAX_SBOM_LAYER_BYTES, 
/** Kept between runs too: the uncompressed tar, returned only while it hashes to the diffID. */
content = content_cache/* noContentCache */.De) {
    const cache = new Map();
    return (store, layer, diffId) => (0,memo/* once */.O)(cache, `${store.name}@${layer.digest}`, async () => {
        const { bytes } = await (0,content_cache/* throughCache */.AT)(content, `${layer.digest}>${diffId}`, { digest: diffId }, () => (0,compression/* readLayerTar */.dA)(store, layer, diffId, limit));
        return bytes;
    });
}
function sbomLayerOf(image) {
    const ref = (0,metadata/* sbomRef */.FC)(image.metadata);
    if (!ref)
        return undefined;
    const index = image.config.rootfs.diff_ids.indexOf(ref.sha);
    if (index < 0)
        return undefined;
    return { key: ref.key, sha: ref.sha, index, descriptor: image.manifest.layers[index] };
}
/**
 * The SBOM part of a plan: swaps each patched target's SBOM files for the patch image's and returns
 * the new layer to put at the SBOM layer's index. Reads layers; writes nothing.
 */
async function planSbom(app, appStore, plan, patchImages, readTar) {
    const outcome = { layers: [], components: new Map(), warnings: [] };
    if (plan.swaps.length === 0)
        return outcome;
    const own = sbomLayerOf(app);
    if (!own) {
        outcome.warnings.push(`${app.reference}: the image has no SBOM layer; no SBOM was updated`);
        return outcome;
    }
    // The app's own SBOM layer is read once; only patch images' layers are worth caching across a fleet.
    const appTar = await (0,compression/* readLayerTar */.dA)(appStore, own.descriptor, own.sha, MAX_SBOM_LAYER_BYTES);
    const root = (0,sbom/* layersRoot */.Dc)(app.config.config?.Env);
    const replacements = [];
    for (const swap of plan.swaps) {
        const target = swap.target.kind === 'launcher' ? { kind: 'launcher' } : swap.target;
        const replacement = { target, dir: (0,sbom/* sbomDir */.v)(root, target) };
        const patch = patchImages.get((0,rebase_plan/* patchImageKey */.FW)(swap.patch));
        const theirs = patch ? sbomLayerOf(patch.image) : undefined;
        const theirRoot = patch ? (0,sbom/* layersRoot */.Dc)(patch.image.config.config?.Env) : root;
        if (patch && theirs && theirRoot !== root) {
            // Entries are copied byte for byte, names included, so they cannot move to another root.
            outcome.warnings.push(`${app.reference}: the patch image keeps its layers under ${theirRoot}, the app under ${root}; its SBOM files for ${(0,types/* targetName */.j)(swap.target)} were not carried over`);
        }
        else if (patch && theirs) {
            replacement.patch = {
                tar: await readTar(patch.store, theirs.descriptor, theirs.sha),
                dir: (0,sbom/* sbomDir */.v)(theirRoot, target),
            };
        }
        replacements.push(replacement);
    }
    const rewritten = (0,sbom/* rewriteSbomTar */.jn)(appTar, replacements, app.reference);
    outcome.kept = [...rewritten.kept.values()].flatMap((files) => componentsOf(files) ?? []);
    for (const c of rewritten.changes) {
        const target = (0,types/* targetName */.j)(c.target.kind === 'launcher' ? { kind: 'launcher' } : c.target);
        if (c.missingInPatch && c.removed.length > 0) {
            outcome.warnings.push(`${app.reference}: the patch image has no SBOM for ${target}; its old SBOM files were removed`);
        }
        const before = componentsOf(c.before);
        const after = componentsOf(c.after);
        outcome.components.set(target, { ...(before ? { before } : {}), ...(after ? { after } : {}) });
        outcome.layers.push({
            target,
            dir: c.dir,
            removed: c.removed,
            added: c.added,
            missingInPatch: c.missingInPatch,
            diff: diffSbomFiles(c.before, c.after) ?? null,
        });
    }
    if (!rewritten.changed)
        return outcome;
    const blob = (0,compression/* gzipDeterministic */.Rs)(rewritten.tar);
    const descriptor = {
        mediaType: (0,media_types/* layerMediaTypeFor */.xy)(media_types/* MediaType */.zu.ociLayerGzip, (0,media_types/* familyOf */.Ap)(app.manifest.mediaType)),
        digest: (0,digest/* sha256 */.sc)(blob),
        size: blob.length,
    };
    outcome.change = { layerIndex: own.index, descriptor, diffId: (0,digest/* sha256 */.sc)(rewritten.tar), metadataKey: own.key };
    outcome.blob = blob;
    outcome.from = own.sha;
    return outcome;
}


/***/ }),

/***/ 74693:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ versionWords),
/* harmony export */   j: () => (/* binding */ targetName)
/* harmony export */ });
function targetName(target) {
    return target.kind === 'launcher' ? 'launcher' : `${target.buildpack}/${target.layer}`;
}
/** ` 17.0.8 → 17.0.9` (`?` for a side without a version), or '' when neither side has one. */
function versionWords(swap) {
    if (!swap.from.version && !swap.to.version)
        return '';
    return ` ${swap.from.version ?? '?'} → ${swap.to.version ?? '?'}`;
}


/***/ }),

/***/ 82609:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $g: () => (/* binding */ defaultCacheDir),
/* harmony export */   IS: () => (/* binding */ diskCache),
/* harmony export */   wt: () => (/* binding */ noCache)
/* harmony export */ });
/* unused harmony exports RULE_SOURCES, RULES, verifiedDir */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _files_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(59148);





/** The entry format (2 added the size, 3 the rules). */
const VERSION = 3;
/**
 * The sources whose code decides a verdict: the Go-faithful tar reader, the containment check, the
 * inspection that drives them and the decompression that yields the diffID. Changed, the verdicts they
 * made are void.
 */
const RULE_SOURCES = (/* unused pure expression or super */ null && ([
    'src/cnb/tar-reader.ts',
    'src/cnb/tar.ts',
    'src/oci/compression.ts',
    'src/oci/media-types.ts',
    'src/oci/stream-stages.ts',
    'src/rebase/containment.ts',
    'src/rebase/inspect-layer.ts',
]));
/**
 * Fingerprint of RULE_SOURCES (the first 16 hex digits of sha256 over each path and its text's sha256):
 * verdicts are kept under `verified-v3-<RULES>/`, so that a change of the rules starts an empty
 * directory. test/rebase/verified-cache.test.ts recomputes it and fails, giving the new value, when a rule
 * source changed and this did not. A constant, not a hash computed at start-up: the bundle holds no
 * sources, and a compiled function's text depends on the compiler.
 */
const RULES = '1216203e241552a0';
const noCache = {
    get: async () => undefined,
    put: async () => { },
    location: undefined,
    writes: 0,
};
/**
 * Where the caches live: `$XDG_CACHE_HOME/layer-rebase` for the CLI, the runner's tool cache for the action
 * (verdicts there only on self-hosted runners: src/action/actions-cache.ts).
 */
function defaultCacheDir(env, kind) {
    if (kind === 'action' && env.RUNNER_TOOL_CACHE)
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.RUNNER_TOOL_CACHE, 'layer-rebase');
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.XDG_CACHE_HOME || (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)(), '.cache'), 'layer-rebase');
}
/** Where the verdicts of the current rules live under a cache directory. */
function verifiedDir(root) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, `verified-v${VERSION}-${RULES}`);
}
function diskCache(root) {
    const dir = verifiedDir(root);
    const pathOf = (blob, diffId, layerDir) => (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`${blob.digest}\n${blob.size}\n${diffId}\n${layerDir}`).digest('hex'));
    let writes = 0;
    return {
        location: dir,
        get writes() {
            return writes;
        },
        async get(blob, diffId, layerDir) {
            let entry;
            try {
                entry = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(pathOf(blob, diffId, layerDir), 'utf8'));
            }
            catch {
                return undefined;
            }
            const valid = entry.version === VERSION &&
                entry.rules === RULES &&
                entry.digest === blob.digest &&
                entry.size === blob.size &&
                entry.diffId === diffId &&
                entry.dir === layerDir &&
                Array.isArray(entry.violations) &&
                entry.violations.every((v) => typeof v === 'string');
            return valid ? { violations: entry.violations } : undefined;
        },
        async put(blob, diffId, layerDir, inspection) {
            const entry = {
                version: VERSION,
                rules: RULES,
                digest: blob.digest,
                size: blob.size,
                diffId,
                dir: layerDir,
                violations: inspection.violations,
            };
            try {
                await (0,_files_js__WEBPACK_IMPORTED_MODULE_4__/* .writeFileAtomically */ .lo)(pathOf(blob, diffId, layerDir), JSON.stringify(entry));
                writes++;
            }
            catch {
                // A cache that cannot be written only costs a re-read next time.
            }
        },
    };
}


/***/ }),

/***/ 93799:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Y4: () => (/* binding */ assessWork),
  rj: () => (/* binding */ countWords),
  Kd: () => (/* binding */ reportsDescribing),
  eT: () => (/* binding */ requireFixHold)
});

// EXTERNAL MODULE: ./src/vulns/aliases.ts
var aliases = __nccwpck_require__(38064);
// EXTERNAL MODULE: ./src/vulns/judge.ts + 1 modules
var judge = __nccwpck_require__(63476);
// EXTERNAL MODULE: ./src/vulns/purl.ts
var purl = __nccwpck_require__(13467);
// EXTERNAL MODULE: ./src/vulns/reports.ts
var vulns_reports = __nccwpck_require__(51291);
// EXTERNAL MODULE: ./node_modules/semver/functions/parse.js
var parse = __nccwpck_require__(16353);
var parse_default = /*#__PURE__*/__nccwpck_require__.n(parse);
// EXTERNAL MODULE: ./node_modules/semver/functions/compare.js
var compare = __nccwpck_require__(78469);
var compare_default = /*#__PURE__*/__nccwpck_require__.n(compare);
// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js
var pep440 = __nccwpck_require__(68898);
;// CONCATENATED MODULE: ./src/vulns/versions.ts
// The two functions only: the whole package (ranges, coercion) would add 90 kB to the bundle.



const sign = (n) => (n < 0 ? -1 : n > 0 ? 1 : 0);
function semverCompare(a, b) {
    const x = parse_default()(a);
    const y = parse_default()(b);
    return x && y ? compare_default()(x, y) : undefined;
}
/** Go module versions are semver with a `v`; the toolchain (`stdlib`) is written go1.21.3 or 1.21. */
function golangCompare(a, b) {
    const norm = (v) => {
        const s = v.replace(/^go/, '').replace(/^v/, '');
        // go1.21 and 1.21 are the toolchain's own short forms of 1.21.0.
        return /^\d+\.\d+$/.test(s) ? `${s}.0` : s;
    };
    return semverCompare(norm(a), norm(b));
}
function pypiCompare(a, b) {
    if (!pep440.valid(a) || !pep440.valid(b))
        return undefined;
    // The library compares release numbers as JavaScript numbers: past 2^53 two differ and compare equal.
    if (/\d{16,}/.test(a) || /\d{16,}/.test(b))
        return undefined;
    return sign(pep440.compare(a, b));
}
/** Numeric segments only (`17.0.9`, `v2.1`); anything else cannot be ordered without knowing its scheme. */
function genericCompare(a, b) {
    const parse = (v) => /^v?\d+(\.\d+)*$/.test(v) ? v.replace(/^v/, '').split('.').map(BigInt) : null;
    const x = parse(a);
    const y = parse(b);
    if (!x || !y)
        return undefined;
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0n) - (y[i] ?? 0n);
        if (d !== 0n)
            return d < 0n ? -1 : 1;
    }
    return 0;
}
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));
const ZERO = { kind: 'int', value: 0n, width: 0 };
function comparableQualifier(q) {
    const i = QUALIFIERS.indexOf(q);
    return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}
function stringItem(value, followedByDigit) {
    let v = value;
    if (followedByDigit && v.length === 1)
        v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
    return { kind: 'string', value: Object.hasOwn(ALIASES, v) ? ALIASES[v] : v };
}
function parseItem(isDigit, buf) {
    if (!isDigit)
        return stringItem(buf, false);
    // Maven holds a number of up to 9 digits, up to 18, and more in three types, and orders any number of a
    // wider type above any of a narrower one. Digits are counted without leading zeros, except in a number
    // of zeros only: Maven puts 1.0000000000.1 (a ten-digit zero) above 1.5, and so must we.
    const digits = /[1-9]/.test(buf) ? buf.replace(/^0+/, '') : buf;
    const width = digits.length <= 9 ? 0 : digits.length <= 18 ? 1 : 2;
    return { kind: 'int', value: BigInt(buf), width };
}
function isNull(item) {
    if (item.kind === 'int')
        return item.value === 0n;
    if (item.kind === 'string')
        return comparableQualifier(item.value) === RELEASE_INDEX;
    return item.items.length === 0;
}
function normalize(list) {
    for (let i = list.items.length - 1; i >= 0; i--) {
        const last = list.items[i];
        if (isNull(last))
            list.items.splice(i, 1);
        else if (last.kind !== 'list')
            break;
    }
}
function parseMaven(version) {
    const v = version.toLowerCase();
    const root = { kind: 'list', items: [] };
    let list = root;
    const stack = [root];
    const nest = () => {
        const next = { kind: 'list', items: [] };
        list.items.push(next);
        list = next;
        stack.push(next);
    };
    let isDigit = false;
    let start = 0;
    for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (c === '.' || c === '-') {
            list.items.push(i === start ? ZERO : parseItem(isDigit, v.slice(start, i)));
            start = i + 1;
            if (c === '-')
                nest();
        }
        else if (c >= '0' && c <= '9') {
            if (!isDigit && i > start) {
                // A qualifier with a number opens a sub-list even after a dot (MNG-7644): 1.0.0.RC1 reads as
                // 1.0.0-RC1, below 1.0.0-RC2, where the older order put every `.RC1` above every `-RC2`.
                if (list.items.length > 0)
                    nest();
                list.items.push(stringItem(v.slice(start, i), true));
                start = i;
                nest();
            }
            isDigit = true;
        }
        else {
            if (isDigit && i > start) {
                list.items.push(parseItem(true, v.slice(start, i)));
                start = i;
                nest();
            }
            isDigit = false;
        }
    }
    if (v.length > start) {
        // So does a qualifier that ends the version: 2.0.0.beta is 2-beta.
        if (!isDigit && list.items.length > 0)
            nest();
        list.items.push(parseItem(isDigit, v.slice(start)));
    }
    while (stack.length > 0)
        normalize(stack.pop());
    return root;
}
function compareItem(a, b) {
    if (a === undefined)
        return b === undefined ? 0 : -compareItem(b, undefined);
    if (a.kind === 'int') {
        if (b === undefined)
            return a.value === 0n ? 0 : 1;
        if (b.kind === 'int')
            return a.width !== b.width ? sign(a.width - b.width) : compareValues(a.value, b.value);
        return 1;
    }
    if (a.kind === 'string') {
        if (b === undefined)
            return sign(compareStrings(comparableQualifier(a.value), RELEASE_INDEX));
        if (b.kind === 'string')
            return sign(compareStrings(comparableQualifier(a.value), comparableQualifier(b.value)));
        return -1;
    }
    if (b === undefined) {
        // The whole sub-list against nothing, not its first item (MNG-6964): 1-0.alpha is below 1, not equal.
        for (const item of a.items) {
            const d = compareItem(item, undefined);
            if (d !== 0)
                return d;
        }
        return 0;
    }
    if (b.kind === 'int')
        return -1;
    if (b.kind === 'string')
        return 1;
    for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
        const d = compareItem(a.items[i], b.items[i]);
        if (d !== 0)
            return d;
    }
    return 0;
}
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function mavenCompare(a, b) {
    // Maven orders any string, but one with spaces or control characters is no version a repository serves.
    const ok = (v) => /^[A-Za-z0-9._+-]+$/.test(v);
    if (!ok(a) || !ok(b))
        return undefined;
    return compareItem(parseMaven(a), parseMaven(b));
}
// ---- Debian: dpkg's verrevcmp, with epoch and revision ----
function dpkgOrder(c) {
    if (c === undefined)
        return 0;
    if (c >= '0' && c <= '9')
        return 0;
    if (/[A-Za-z]/.test(c))
        return c.charCodeAt(0);
    if (c === '~')
        return -1;
    return c.charCodeAt(0) + 256;
}
const isDigitChar = (c) => c !== undefined && c >= '0' && c <= '9';
function verrevcmp(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        let firstDiff = 0;
        while ((i < a.length && !isDigitChar(a[i])) || (j < b.length && !isDigitChar(b[j]))) {
            const ac = dpkgOrder(a[i]);
            const bc = dpkgOrder(b[j]);
            if (ac !== bc)
                return ac - bc;
            i++;
            j++;
        }
        while (a[i] === '0')
            i++;
        while (b[j] === '0')
            j++;
        while (isDigitChar(a[i]) && isDigitChar(b[j])) {
            if (!firstDiff)
                firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
            i++;
            j++;
        }
        if (isDigitChar(a[i]))
            return 1;
        if (isDigitChar(b[j]))
            return -1;
        if (firstDiff)
            return firstDiff;
    }
    return 0;
}
function parseDebian(v) {
    const m = /^(?:(\d+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?$/.exec(v);
    if (!m)
        return undefined;
    // A colon in the upstream part is only allowed with an explicit epoch; a hyphen only with a revision.
    if (m[1] === undefined && m[2].includes(':'))
        return undefined;
    return { epoch: BigInt(m[1] ?? 0), upstream: m[2], revision: m[3] ?? '' };
}
function debianCompare(a, b) {
    const x = parseDebian(a);
    const y = parseDebian(b);
    if (!x || !y)
        return undefined;
    if (x.epoch !== y.epoch)
        return x.epoch < y.epoch ? -1 : 1;
    return sign(verrevcmp(x.upstream, y.upstream)) || sign(verrevcmp(x.revision, y.revision));
}
// ---- RPM: rpmvercmp over epoch:version-release ----
const isAlnum = (c) => c !== undefined && /[A-Za-z0-9]/.test(c);
function rpmvercmp(a, b) {
    if (a === b)
        return 0;
    let i = 0;
    let j = 0;
    for (;;) {
        while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^')
            i++;
        while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^')
            j++;
        if (a[i] === '~' || b[j] === '~') {
            if (a[i] !== '~')
                return 1;
            if (b[j] !== '~')
                return -1;
            i++;
            j++;
            continue;
        }
        if (a[i] === '^' || b[j] === '^') {
            if (i >= a.length)
                return -1;
            if (j >= b.length)
                return 1;
            if (a[i] !== '^')
                return 1;
            if (b[j] !== '^')
                return -1;
            i++;
            j++;
            continue;
        }
        if (i >= a.length || j >= b.length)
            break;
        const numeric = isDigitChar(a[i]);
        const take = (s, k) => {
            let e = k;
            while (e < s.length && (numeric ? isDigitChar(s[e]) : /[A-Za-z]/.test(s[e])))
                e++;
            return e;
        };
        const ie = take(a, i);
        const je = take(b, j);
        if (je === j)
            return numeric ? 1 : -1;
        let x = a.slice(i, ie);
        let y = b.slice(j, je);
        i = ie;
        j = je;
        if (numeric) {
            x = x.replace(/^0+/, '');
            y = y.replace(/^0+/, '');
            if (x.length !== y.length)
                return x.length > y.length ? 1 : -1;
        }
        const d = compareStrings(x, y);
        if (d !== 0)
            return d;
    }
    if (i >= a.length && j >= b.length)
        return 0;
    return i < a.length ? 1 : -1;
}
function parseRpm(v) {
    const m = /^(?:(\d+):)?([A-Za-z0-9._+~^]+)(?:-([A-Za-z0-9._+~^]+))?$/.exec(v);
    if (!m)
        return undefined;
    return { epoch: BigInt(m[1] ?? 0), version: m[2], release: m[3] };
}
function rpmCompare(a, b) {
    const x = parseRpm(a);
    const y = parseRpm(b);
    if (!x || !y)
        return undefined;
    if (x.epoch !== y.epoch)
        return x.epoch < y.epoch ? -1 : 1;
    const v = rpmvercmp(x.version, y.version);
    if (v !== 0)
        return v;
    // rpm lets a dependency without release match every release of its version, but that is a match, not
    // an order: 3.0.7 against 3.0.7-25.el9 says nothing about which build carries the fix (3.0.7-27.el9 may).
    if (x.release === undefined && y.release === undefined)
        return 0;
    if (x.release === undefined || y.release === undefined)
        return undefined;
    return rpmvercmp(x.release, y.release);
}
const APK_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const APK_PRE_RELEASE = APK_SUFFIXES.indexOf('');
function parseApk(v) {
    const m = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)(?:-r(\d+))?$/.exec(v);
    if (!m)
        return undefined;
    const numbers = m[1].split('.');
    // apk compares a later segment with a leading zero as a decimal fraction: not ordered here.
    if (numbers.slice(1).some((n) => n.length > 1 && n.startsWith('0')))
        return undefined;
    const tokens = numbers.map((n) => ({ type: 0, value: BigInt(n) }));
    if (m[2])
        tokens.push({ type: 1, value: m[2] });
    for (const s of m[3].split('_').slice(1)) {
        const sm = /^([a-z]+)(\d*)$/.exec(s);
        tokens.push({ type: 2, value: APK_SUFFIXES.indexOf(sm[1]) });
        if (sm[2])
            tokens.push({ type: 3, value: BigInt(sm[2]) });
    }
    if (m[4] !== undefined)
        tokens.push({ type: 4, value: BigInt(m[4]) });
    tokens.push({ type: 5 });
    return tokens;
}
function apkCompare(a, b) {
    const x = parseApk(a);
    const y = parseApk(b);
    if (!x || !y)
        return undefined;
    for (let i = 0;; i++) {
        const s = x[i];
        const t = y[i];
        if (s.type === t.type) {
            if (s.type === 5)
                return 0;
            const d = compareValues(s.value, t.value);
            if (d !== 0)
                return d;
            continue;
        }
        // Equal so far: the longer version is newer, unless what it goes on with is a pre-release suffix.
        if (s.type === 2 && s.value < APK_PRE_RELEASE)
            return -1;
        if (t.type === 2 && t.value < APK_PRE_RELEASE)
            return 1;
        return s.type > t.type ? -1 : 1;
    }
}
function compareValues(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
const BY_TYPE = {
    npm: semverCompare,
    cargo: semverCompare,
    golang: golangCompare,
    maven: mavenCompare,
    deb: debianCompare,
    rpm: rpmCompare,
    apk: apkCompare,
    alpine: apkCompare,
    pypi: pypiCompare,
    generic: genericCompare,
};
/** The order for a purl type; types without a known scheme get numeric segments only. */
function comparatorFor(purlType) {
    const type = (purlType ?? 'generic').toLowerCase();
    // Own keys only: a purl type `constructor` must not find Object's.
    const compare = Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;
    return compare ? { scheme: type, compare } : { scheme: 'generic', compare: genericCompare };
}

;// CONCATENATED MODULE: ./src/vulns/assess.ts





/** Whether a report describes this platform: by config digest, manifest digest, or the index digest plus its layers. */
function describes(report, facts) {
    if (report.imageId)
        return report.imageId === facts.configDigest;
    if (report.manifestDigests.includes(facts.manifestDigest))
        return true;
    if (!facts.indexDigest || !report.manifestDigests.includes(facts.indexDigest))
        return false;
    // An index digest alone names every platform: the layers say which one was scanned.
    return report.diffIds.length > 0 && report.diffIds.join() === facts.diffIds.join();
}
function identityOf(v) {
    return (0,purl/* purlIdentity */.we)(v.purl) ?? `name:${v.package}`;
}
function sameComponent(v, c) {
    const mine = (0,purl/* purlIdentity */.we)(v.purl);
    if (mine)
        return (0,purl/* purlIdentity */.we)(c.purl) === mine;
    return c.name === v.package;
}
/** A package's own name, without group or namespace (`org.apache.logging.log4j:log4j-core` → `log4j-core`). */
function baseName(name) {
    return name.slice(Math.max(name.lastIndexOf(':'), name.lastIndexOf('/')) + 1).toLowerCase();
}
/**
 * Whether a component may be the reported package: the same purl, or the same base name however the
 * group is written (listed without a purl, a group Syft guessed). Used where a wrong "yes" is the
 * conservative answer — a kept layer that may hold the package — never to find a fixed version.
 */
function maybeSameComponent(v, c) {
    if (sameComponent(v, c))
        return true;
    const name = baseName((0,purl/* parsePurl */.$l)(v.purl ?? '')?.path ?? v.package);
    return baseName(c.name) === name || baseName((0,purl/* parsePurl */.$l)(c.purl ?? '')?.path ?? '') === name;
}
/** Scanner package types to purl types, for a vulnerability reported without a purl. */
const TYPE_OF_SCANNER = {
    jar: 'maven',
    pom: 'maven',
    gradle: 'maven',
    'java-archive': 'maven',
    'node-pkg': 'npm',
    npm: 'npm',
    yarn: 'npm',
    pnpm: 'npm',
    gobinary: 'golang',
    gomod: 'golang',
    'go-module': 'golang',
    'python-pkg': 'pypi',
    pip: 'pypi',
    pipenv: 'pypi',
    poetry: 'pypi',
    python: 'pypi',
    debian: 'deb',
    ubuntu: 'deb',
    deb: 'deb',
    alpine: 'apk',
    apk: 'apk',
    redhat: 'rpm',
    centos: 'rpm',
    rocky: 'rpm',
    alma: 'rpm',
    amazon: 'rpm',
    'cbl-mariner': 'rpm',
    rpm: 'rpm',
    cargo: 'cargo',
    'rust-crate': 'cargo',
};
function schemeFor(v, matches) {
    const type = (0,purl/* parsePurl */.$l)(v.purl ?? '')?.type ??
        (v.packageType && Object.hasOwn(TYPE_OF_SCANNER, v.packageType.toLowerCase())
            ? TYPE_OF_SCANNER[v.packageType.toLowerCase()]
            : undefined) ??
        matches.map((c) => (0,purl/* parsePurl */.$l)(c.purl ?? '')?.type).find(Boolean);
    return comparatorFor(type);
}
const assess_short = (d) => d.replace(/^sha256:/, '').slice(0, 12);
/** A swapped layer's copy of one reported vulnerability, judged by the patch layer's SBOM. */
function judgeCopy(v, layer) {
    const matches = (layer.after ?? []).filter((c) => sameComponent(v, c));
    const { scheme, compare } = schemeFor(v, matches);
    if (matches.length === 0) {
        const reason = layer.after ? "the patch layer's SBOM does not list it" : 'the patch layer has no SBOM';
        return { state: 'undecided', reason, to: null, scheme };
    }
    const versions = [...new Set(matches.map((c) => c.version))].sort();
    let state = 'fixed';
    const reasons = [];
    for (const version of versions) {
        const j = (0,judge/* judgeVersion */.uM)(version, {
            installed: v.installed,
            fixedIn: v.fixedIn,
            ranges: v.ranges,
            scheme,
            compare,
            package: v.package,
        });
        state = (0,judge/* worstState */.Fk)(state, j.state);
        reasons.push(j.reason);
    }
    return { state, reason: reasons.join('; '), to: versions.join(', '), scheme };
}
/**
 * A copy a scanner found in the SBOM layer (it read the SBOM files) is the swapped layers' only when
 * their old SBOM lists the package at the installed version and no kept layer's SBOM lists the package.
 */
function placeInSbomLayer(v, facts) {
    const owners = facts.swapped.filter((s) => (s.before ?? []).some((c) => sameComponent(v, c) && c.version === v.installed));
    const kept = (facts.keptSbom ?? []).filter((c) => maybeSameComponent(v, c));
    if (kept.some((c) => c.version === v.installed))
        return {
            owners,
            outside: {
                state: 'open',
                reason: `the SBOM of a layer the plan keeps lists ${v.package} ${v.installed}`,
            },
        };
    if (kept.length > 0) {
        const versions = [...new Set(kept.map((c) => c.version))].join(', ');
        return {
            owners,
            outside: {
                state: 'undecided',
                reason: `found in the SBOM layer, where a layer the plan keeps lists ${v.package} too (${versions}): not tied to one layer`,
            },
        };
    }
    if (owners.length === 0)
        return {
            owners,
            outside: {
                state: 'undecided',
                reason: `found in the SBOM layer, but no swapped layer's SBOM lists ${v.package} ${v.installed}`,
            },
        };
    return { owners };
}
function newFinding(v, report, target, copy) {
    return {
        id: v.id,
        aliases: [],
        group: [v.id],
        severity: v.severity,
        package: v.package,
        ...(v.purl ? { purl: v.purl } : {}),
        target,
        from: v.installed,
        to: copy.to,
        fixedIn: [...v.fixedIn],
        ...(v.ranges.length > 0 ? { ranges: [...v.ranges] } : {}),
        state: copy.state,
        reason: copy.reason,
        scheme: copy.scheme,
        reports: [report],
    };
}
/** The same copy from two reports (Trivy and Grype) or two entries: the less certain answer wins. */
function mergeInto(seen, v, report, copy) {
    if ((0,judge/* worstState */.Fk)(seen.state, copy.state) !== seen.state) {
        seen.state = copy.state;
        seen.reason = copy.reason;
    }
    if ((0,vulns_reports/* severityRank */.qs)(v.severity) > (0,vulns_reports/* severityRank */.qs)(seen.severity))
        seen.severity = v.severity;
    if (v.installed !== '' && !seen.from.split(', ').includes(v.installed))
        seen.from = seen.from === '' ? v.installed : `${seen.from}, ${v.installed}`;
    seen.fixedIn = [...new Set([...seen.fixedIn, ...v.fixedIn])];
    if (v.ranges.length > 0)
        seen.ranges = [...new Set([...(seen.ranges ?? []), ...v.ranges])];
    if (!seen.reports.includes(report))
        seen.reports.push(report);
}
/** Findings of one platform from the reports that describe it. */
function assessPlatform(reports, facts) {
    const mine = reports.filter((r) => describes(r, facts));
    const entries = mine.flatMap((r) => r.vulnerabilities.map((v) => ({ v, report: r.file })));
    const groups = new aliases/* AliasGroups */.v4();
    for (const { v } of entries)
        groups.add(v.id, (0,aliases/* trueAliases */.z2)(v.id, v.aliases));
    const byFrom = new Map(facts.swapped.map((s) => [s.from, s]));
    // Per vulnerability: its findings in swapped layers, and the worst that is said of its other copies.
    const rows = new Map();
    const outside = new Map();
    const noteOutside = (group, j) => {
        const seen = outside.get(group);
        if (!seen || (0,judge/* worstState */.Fk)(seen.state, j.state) !== seen.state)
            outside.set(group, j);
    };
    const addRow = (group, { v, report }, layer) => {
        const copy = judgeCopy(v, layer);
        const key = `${identityOf(v)}\n${layer.target}`;
        const found = rows.get(group) ?? new Map();
        rows.set(group, found);
        const seen = found.get(key);
        if (seen)
            mergeInto(seen, v, report, copy);
        else
            found.set(key, newFinding(v, report, layer.target, copy));
    };
    for (const entry of entries) {
        const { v } = entry;
        const group = groups.key(v.id);
        for (const diffId of v.layers) {
            const swap = byFrom.get(diffId);
            if (swap)
                addRow(group, entry, swap);
            else if (diffId === facts.sbomLayer) {
                const placed = placeInSbomLayer(v, facts);
                for (const owner of placed.owners)
                    addRow(group, entry, owner);
                if (placed.outside)
                    noteOutside(group, placed.outside);
            }
            else
                noteOutside(group, {
                    state: 'open',
                    reason: `${v.package} ${v.installed} is also in layer ${assess_short(diffId)}, which the plan keeps`,
                });
        }
        if (v.unlocated)
            noteOutside(group, {
                state: 'undecided',
                reason: `${v.package} ${v.installed} is also reported where no layer is named`,
            });
    }
    const out = {
        reports: mine.map((r) => r.file),
        fixed: [],
        open: [],
        undecided: [],
        untouched: 0,
        elsewhere: [],
    };
    // The advisory page a report links for an id (Trivy's PrimaryURL, Grype's dataSource), the first given.
    const urls = new Map();
    for (const { v } of entries)
        if (v.url && !urls.has(v.id))
            urls.set(v.id, v.url);
    for (const members of groups.all()) {
        const group = groups.key(members[0]);
        const found = [...(rows.get(group)?.values() ?? [])];
        if (found.length === 0) {
            out.untouched++;
            out.elsewhere.push(...members);
            continue;
        }
        // The vulnerability's state here is that of its worst copy, wherever it is.
        let worst = { state: 'fixed', why: '' };
        for (const f of found)
            if ((0,judge/* worstState */.Fk)(worst.state, f.state) !== worst.state)
                worst = {
                    state: f.state,
                    why: `${f.state} in ${f.target} (${f.package} ${f.from} → ${f.to ?? '?'}: ${f.reason})`,
                };
        const other = outside.get(group);
        if (other && (0,judge/* worstState */.Fk)(worst.state, other.state) !== worst.state)
            worst = { state: other.state, why: other.reason };
        const id = (0,aliases/* displayId */.kX)(members);
        const severity = found.reduce((s, f) => ((0,vulns_reports/* severityRank */.qs)(f.severity) > (0,vulns_reports/* severityRank */.qs)(s) ? f.severity : s), 'unknown');
        const url = urls.get(id);
        for (const f of found) {
            f.id = id;
            if (url)
                f.url = url;
            f.aliases = (0,aliases/* statedAliases */.Q6)(id, members);
            f.group = members;
            f.severity = severity;
            if (f.state !== worst.state) {
                f.reason = `${f.reason} here, but ${worst.why}`;
                f.state = worst.state;
            }
            out[f.state].push(f);
        }
    }
    out.elsewhere.sort();
    for (const list of [out.fixed, out.open, out.undecided])
        list.sort(byImportance);
    return out;
}
function byImportance(a, b) {
    return ((0,vulns_reports/* severityRank */.qs)(b.severity) - (0,vulns_reports/* severityRank */.qs)(a.severity) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
        (a.package < b.package ? -1 : a.package > b.package ? 1 : 0) ||
        (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

// EXTERNAL MODULE: ./src/rebase/types.ts
var types = __nccwpck_require__(74693);
;// CONCATENATED MODULE: ./src/rebase/vuln-step.ts



function factsOf(w, indexDigest) {
    return {
        configDigest: w.app.manifest.config.digest,
        manifestDigest: w.before.digest,
        ...(indexDigest ? { indexDigest } : {}),
        diffIds: w.app.config.rootfs.diff_ids,
        swapped: w.plan.swaps.map((s) => {
            const target = (0,types/* targetName */.j)(s.target);
            return { target, from: s.from.diffId, ...w.sbom?.components.get(target) };
        }),
        ...(w.sbom?.from ? { sbomLayer: w.sbom.from } : {}),
        ...(w.sbom?.kept ? { keptSbom: w.sbom.kept } : {}),
    };
}
/** The report files that describe any platform of an image (known before any plan is judged). */
function reportsDescribing(work, reports, indexDigest) {
    return reports.filter((r) => work.some((w) => describes(r, factsOf(w, indexDigest)))).map((r) => r.file);
}
/** One platform's findings: its swaps and their new SBOM components against the reports that describe it. */
function assessWork(w, reports, indexDigest) {
    return assessPlatform(reports, factsOf(w, indexDigest));
}
/** `2 (1 critical)`: how many, and how many of the worst severity among them. */
function countWords(findings) {
    if (findings.length === 0)
        return '0';
    const top = [...findings].sort((a, b) => (0,vulns_reports/* severityRank */.qs)(b.severity) - (0,vulns_reports/* severityRank */.qs)(a.severity))[0].severity;
    const n = findings.filter((f) => f.severity === top).length;
    return top === 'unknown' ? String(findings.length) : `${findings.length} (${n} ${top})`;
}
/**
 * `require-fix`: the reason to leave an image as it is, or undefined to go on. An image is patched only
 * when the image as a whole fixes a vulnerability of the given severity or above: a fix on one platform
 * of an index while another keeps the vulnerability does not count.
 */
function requireFixHold(image, minimum) {
    const assessed = image.platforms.filter((p) => p.vulnerabilities && p.vulnerabilities.reports.length > 0);
    if (assessed.length === 0 || !image.vulnerabilities)
        return {
            reason: `require-fix ${minimum}: no vulnerability report describes this image, so nothing shows the patch is needed; left as it is`,
            warn: true,
        };
    const { fixed, open, undecided } = image.vulnerabilities;
    if (fixed.some((f) => (0,vulns_reports/* severityRank */.qs)(f.severity) >= (0,vulns_reports/* severityRank */.qs)(minimum)))
        return undefined;
    const fixes = fixed.length > 0 ? `it fixes ${countWords(fixed)}` : 'it fixes none';
    return {
        reason: `require-fix ${minimum}: the plan fixes no vulnerability of ${minimum} severity or above (${fixes}; ${open.length} still open, ${undecided.length} undecided); left as it is`,
        warn: false,
    };
}


/***/ }),

/***/ 14031:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ck: () => (/* binding */ truncateUtf8),
/* harmony export */   WV: () => (/* binding */ displayText),
/* harmony export */   YI: () => (/* binding */ neutralize),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   kq: () => (/* binding */ escapeCell)
/* harmony export */ });
/** Text from registries, patch files and image labels goes into Markdown/HTML tables: escape it all. */
function escapeCell(text) {
    return (text
        .replace(/&/g, '&amp;')
        // A backslash would escape the next character and show an entity's text (`\&quot;`) literally.
        .replace(/\\/g, '&#92;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/\|/g, '&#124;')
        .replace(/`/g, '&#96;')
        .replace(/\[/g, '&#91;')
        .replace(/\]/g, '&#93;')
        // Emphasis and autolinks: `* / jre` must not become a list item, `node@22.11.1` not a mail link.
        .replace(/\*/g, '&#42;')
        .replace(/_/g, '&#95;')
        .replace(/~/g, '&#126;')
        .replace(/@/g, '&#64;')
        // GitHub's extended autolinks would take an entity into the link (`…nightly.yml&#64;refs`): none start.
        .replace(/:\/\//g, '&#58;//')
        .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}&#46;`)
        .replace(/\r?\n/g, '<br>'));
}
function code(text) {
    return `<code>${escapeCell(text)}</code>`;
}
/** Cuts a document at a line boundary to fit `limit` bytes (UTF-8), with a note saying so. */
function truncateUtf8(text, limit, note) {
    if (Buffer.byteLength(text, 'utf8') <= limit)
        return text;
    const budget = limit - Buffer.byteLength(note, 'utf8') - 2;
    let cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8');
    // Drop a possibly split final character and the partial last line.
    cut = cut.replace(/\uFFFD$/, '');
    const lastNewline = cut.lastIndexOf('\n');
    if (lastNewline > 0)
        cut = cut.slice(0, lastNewline);
    return `${cut}\n\n${note}\n`;
}
/**
 * Characters a terminal or the runner acts on rather than shows: C0 and C1 controls and DEL (ESC and OSC
 * sequences, line breaks), the Unicode line separators, and the bidirectional controls that reorder what
 * is displayed (U+202E makes `txt.exe` read `exe.txt`).
 */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ACTIVE_BUT_LAYOUT = 
// eslint-disable-next-line no-control-regex
/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/**
 * `\u001b`: a JSON escape, so that text written inside a JSON document (`--json`) stays valid JSON and
 * reads back as the original character, while a terminal shows the six characters.
 */
const escaped = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/**
 * Text that came from an image (labels, selectors, recorded sources) as a terminal or log line shows it:
 * every active character (see ACTIVE) as `\uNNNN`, so the text cannot move the cursor, redraw the screen,
 * reorder itself or start a line of its own that commands the runner.
 */
function displayText(text) {
    return text.replace(ACTIVE, escaped);
}
/**
 * A whole message for a terminal or the runner's log, which may carry text from images, registries,
 * patch files or reports: active characters other than newline and tab shown as `\uNNNN` (no ESC or OSC
 * sequence reaches the terminal), and nothing the runner reads as a command. The runner trims a line and
 * runs it when it starts with `::`, so a foreign `\n::add-mask::…` gets a zero-width space between the
 * colons; it also still reads the older `##[command]` form anywhere in a line, so every `##[` is written
 * `#\u0023[` (visible, and inside a JSON string the same `##[` again). Every writer (CLI stdout and stderr,
 * the action log) passes its text through this.
 */
function neutralize(text) {
    return text
        .replace(ACTIVE_BUT_LAYOUT, escaped)
        .replace(/^(\s*):(\s*):/gm, '$1:\u200b$2:')
        .replace(/##\[/g, '#\\u0023[');
}


/***/ }),

/***/ 60273:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  YK: () => (/* binding */ problemLine),
  mx: () => (/* binding */ renderImage),
  mp: () => (/* binding */ renderOverview),
  x8: () => (/* binding */ renderProblems),
  cy: () => (/* binding */ renderStopped),
  Br: () => (/* binding */ renderSummary),
  _R: () => (/* binding */ renderTotals)
});

// UNUSED EXPORTS: SUMMARY_LIMIT, changeWords, fixedCount, nextStep, problemText, renderRunImage, renderSbom

// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/patches/types.ts
var types = __nccwpck_require__(34527);
// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __nccwpck_require__(74693);
// EXTERNAL MODULE: ./src/result.ts
var src_result = __nccwpck_require__(51666);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __nccwpck_require__(14031);
;// CONCATENATED MODULE: ./src/report/signing-words.ts
const PREDICATE_NAMES = {
    'https://slsa.dev/provenance/v1': 'SLSA provenance',
    'https://github.com/layer-rebase/layer-rebase/applied-patches/v1': 'applied patches',
};
/** `linux/amd64`, `index` or the digest, for a signed manifest of an image. */
function manifestName(image, digest) {
    const platform = image.platforms.find((p) => p.digestAfter === digest);
    if (platform && image.platforms.length > 1)
        return platform.platform;
    if (digest === image.digest)
        return image.platforms.length > 1 ? 'index' : 'image';
    return platform?.platform ?? 'manifest';
}
/** One entry per signed manifest, in the order signed: its name, digest, and what is stored where. */
function signedManifests(image) {
    const out = new Map();
    for (const s of image.signing?.stored ?? []) {
        const key = `${s.repository}@${s.digest}`;
        const entry = out.get(key) ?? {
            name: manifestName(image, s.digest),
            digest: s.digest,
            repository: s.repository,
            signatures: [],
            attestations: [],
        };
        if (s.format === 'attestation') {
            const name = PREDICATE_NAMES[s.predicateType ?? ''] ?? s.predicateType ?? '';
            const recorded = recordedWords(s);
            entry.attestations.push(recorded ? `${name} (${recorded})` : name);
        }
        else
            entry.signatures.push(storedWords(s));
        out.set(key, entry);
    }
    return [...out.values()];
}
/** `Sigstore bundle (referrer 1a2b3c4d5e6f in tag sha256-…, Rekor log index 123)`, `cosign .sig (tag sha256-….sig)`. */
function storedWords(s) {
    const where = [s.stored, recordedWords(s)].filter(Boolean).join(', ');
    return s.format === 'legacy' ? `cosign .sig (${where})` : `Sigstore bundle (${where})`;
}
/** `Rekor log index 123`, `timestamped 2026-…Z`, both, or '' (a key without a log). */
function recordedWords(s) {
    return [
        s.logIndex !== undefined ? `Rekor log index ${s.logIndex}` : '',
        s.timestamp ? `timestamped ${s.timestamp}` : '',
    ]
        .filter(Boolean)
        .join(', ');
}

// EXTERNAL MODULE: ./src/report/vulns-markdown.ts
var vulns_markdown = __nccwpck_require__(75238);
// EXTERNAL MODULE: ./src/rebase/vuln-step.ts + 2 modules
var vuln_step = __nccwpck_require__(93799);
// EXTERNAL MODULE: ./src/report/words.ts
var words = __nccwpck_require__(72691);
;// CONCATENATED MODULE: ./src/report/markdown.ts










/** The README's recipe for signing the new digest (what signed the old one does not cover it). */
const SIGNING_DOCS = 'https://github.com/layer-rebase/layer-rebase#signing-patched-images';
/** GitHub refuses job summaries over 1 MiB; stay under it with room to spare. */
const SUMMARY_LIMIT = 1024 * 1024 - 4096;
const STATUS_TEXT = {
    restored: '↩️ restored',
    patched: '✅ patched',
    partial: '⚠️ partial',
    unchanged: '➖ unchanged',
    skipped: '⏭️ skipped',
    planned: '📝 would patch',
    refused: '⛔ refused',
    failed: '❌ failed',
};
/** The status in a row or a heading: an undo's dry run would restore, not patch. */
function statusText(status, undo = false) {
    return status === 'planned' && undo ? `📝 ${(0,words/* statusWord */.Hm)(status, undo)}` : STATUS_TEXT[status];
}
/** Failures and refusals first: they are what the reader has to act on. */
const STATUS_ORDER = [
    'failed',
    'refused',
    'partial',
    'restored',
    'patched',
    'planned',
    'skipped',
    'unchanged',
];
function row(cells) {
    return `| ${cells.join(' | ')} |`;
}
function versionChange(swap) {
    const from = swap.from.version ?? '?';
    const to = swap.to.version ?? '?';
    if (from === '?' && to === '?')
        return '';
    return `${(0,report_escape/* escapeCell */.kq)(from)}&nbsp;→&nbsp;${(0,report_escape/* escapeCell */.kq)(to)}`;
}
const layerLabel = (swap) => (swap.target.kind === 'launcher' ? 'launcher' : swap.target.layer);
/** What changed in a few words: `jre 17.0.8 → 17.0.9, launcher 0.20.1 → 0.20.2`, once per distinct swap. */
function changeWords(image) {
    const words = new Set();
    for (const p of image.platforms) {
        for (const s of p.plan.swaps) {
            words.add(`${layerLabel(s)}${(0,rebase_types/* versionWords */.W)(s)}`);
        }
        if (p.plan.runImage?.status === 'rebase')
            words.add('run image');
    }
    return [...words].join(', ');
}
/** What to do next, for the errors people meet; the message itself says what is wrong. */
function nextStep(code, message = '') {
    if (code === 'tag-moved')
        return 're-run to patch the image the tag holds now';
    if (code === 'refused' && /rebasable/.test(message))
        return 'ask the buildpack to opt the layer in ("io.buildpacks.rebasable": true), or set force';
    if (code === 'refused' && /would stay unpatched/.test(message))
        return 'publish the patch image for every platform of the app, or set force to patch the others';
    if (code === 'refused' && /nothing was moved/.test(message))
        return 'look at what changed with layer-rebase history; undo only restores an image this tool replaced';
    if (code === 'previous-image-missing')
        return 'push the previous image again from a copy, or patch forward instead';
    if (code === 'refused' && /writes outside/.test(message))
        return 'fix the patch image: its layer must only contain its own directory';
    // One app's layers under another's: force does not override it (nor any refusal that does not say "set force").
    if (code === 'refused' && /is an app image, not a run image/.test(message))
        return "give the app's run image (the one it was built on, or auto), not an app image: force does not override this";
    if (code === 'refused')
        return /\bset force\b/.test(message)
            ? 'read the reason above; set force only if you accept it'
            : 'read the reason above: force does not override it';
    if (code === 'registry-auth')
        return 'log in to the registry (docker/login-action) with credentials that can push';
    if (code === 'registry-denied')
        return 'the credentials lack permission: grant push (packages: write) to this repository';
    // `image-not-found` says "check the name and tag" itself.
    if (code === 'registry-not-found')
        return 'check the image name and tag';
    if (code === 'registry-timeout' || code === 'timeout')
        return 'the registry did not answer in time: re-run, or raise the timeout input';
    if (code === 'patch-scope-violation')
        return 'remove the offending patch file, or report it to the buildpack authors';
    return undefined;
}
function swapTable(swaps, caption) {
    const lines = [
        caption,
        '',
        row(['Layer', 'Version', 'diffID', 'Patch image and source']),
        row(['---', '---', '---', '---']),
    ];
    for (const swap of swaps) {
        const buildpack = swap.target.kind === 'launcher' ? 'lifecycle' : swap.target.buildpack;
        lines.push(row([
            `${(0,report_escape/* escapeCell */.kq)(buildpack)}<br><b>${(0,report_escape/* escapeCell */.kq)(layerLabel(swap))}</b>${swap.forced ? ' ⚠️ forced' : ''}`,
            versionChange(swap),
            `${(0,report_escape/* code */.aY)((0,oci_digest/* shortDigest */.VK)(swap.from.diffId))}<br>→&nbsp;${(0,report_escape/* code */.aY)((0,oci_digest/* shortDigest */.VK)(swap.to.diffId))}`,
            `${(0,report_escape/* code */.aY)(swap.patchImage.reference)}<br>${(0,report_escape/* escapeCell */.kq)((0,types/* describeSource */.B)(swap.patch.source))}`,
        ]));
    }
    lines.push('');
    return lines;
}
function sbomCounts(layer) {
    if (!layer.diff)
        return layer.missingInPatch
            ? 'SBOM files removed (the patch image has none)'
            : 'no SBOM document to compare';
    const { changed, added, removed } = layer.diff;
    return `${changed.length} changed, ${added.length} added, ${removed.length} removed (${layer.diff.format})`;
}
/** A collapsible component diff per swapped layer. */
function renderSbom(layers) {
    const lines = [];
    for (const layer of layers) {
        lines.push(`<details><summary>SBOM ${(0,report_escape/* escapeCell */.kq)(layer.target)}: ${(0,report_escape/* escapeCell */.kq)(sbomCounts(layer))}</summary>`, '');
        const diff = layer.diff;
        if (diff && diff.changed.length + diff.added.length + diff.removed.length > 0) {
            lines.push(row(['Component', 'Change', 'purl']), row(['---', '---', '---']));
            for (const c of diff.changed)
                lines.push(row([
                    (0,report_escape/* escapeCell */.kq)(c.name),
                    `${(0,report_escape/* escapeCell */.kq)(c.from)} → ${(0,report_escape/* escapeCell */.kq)(c.to)}`,
                    c.purl ? (0,report_escape/* code */.aY)(c.purl) : '',
                ]));
            for (const c of diff.added)
                lines.push(row([(0,report_escape/* escapeCell */.kq)(c.name), `added ${(0,report_escape/* escapeCell */.kq)(c.version)}`, c.purl ? (0,report_escape/* code */.aY)(c.purl) : '']));
            for (const c of diff.removed)
                lines.push(row([(0,report_escape/* escapeCell */.kq)(c.name), `removed ${(0,report_escape/* escapeCell */.kq)(c.version)}`, c.purl ? (0,report_escape/* code */.aY)(c.purl) : '']));
        }
        else {
            lines.push(`files: ${layer.added.length} added, ${layer.removed.length} removed under ${(0,report_escape/* code */.aY)(layer.dir)}`);
        }
        lines.push('', '</details>', '');
    }
    return lines;
}
function renderRunImage(r) {
    const from = r.from.reference ? (0,report_escape/* code */.aY)(r.from.reference) : 'the recorded run image';
    if (r.status === 'refused')
        return `**Run image** ⛔ refused: ${(0,report_escape/* escapeCell */.kq)(r.reason ?? '')}`;
    if (r.status === 'current')
        return `**Run image** ${from} is current: ${(0,report_escape/* escapeCell */.kq)(r.reason ?? '')}`;
    const to = r.to ? (0,report_escape/* code */.aY)(r.to.reference) : '?';
    return `**Run image** ${from} → ${to}: ${r.from.layers} base layer(s) replaced by ${r.to?.layers ?? 0}${r.forced ? ' ⚠️ forced' : ''}`;
}
/**
 * One image in full, collapsed: digests, tags, transfers, then each group of identical platforms. The run
 * says whether it was a dry run (else: whether the image is `planned`) and an undo.
 */
function renderImage(image, run) {
    const dryRun = run?.dryRun ?? image.status === 'planned';
    const lines = [];
    const summary = `${(0,report_escape/* escapeCell */.kq)(image.input)} — ${statusText(image.status, run?.undo)}`;
    lines.push(`<details><summary>${summary}</summary>`, '');
    // Full digests here, where someone copies them: what the tag held, and what it holds now (or would).
    const moved = newDigest(image);
    if (moved && image.status === 'restored') {
        lines.push(`- moved back to: ${(0,report_escape/* code */.aY)(moved)}`, `- from: ${(0,report_escape/* code */.aY)(image.digestBefore)}`);
    }
    else if (moved) {
        lines.push(`- new digest${dryRun ? ' (would be)' : ''}: ${(0,report_escape/* code */.aY)(moved)}`);
        if (image.digestBefore)
            lines.push(`- replaces: ${(0,report_escape/* code */.aY)(image.digestBefore)}`);
    }
    else if (image.digestBefore) {
        lines.push(`- digest: ${(0,report_escape/* code */.aY)(image.digestBefore)}${image.error ? ' (as before the run)' : ''}`);
    }
    else if (image.error)
        lines.push('- digest: unknown (the image was not read)');
    if (image.error && image.status === 'failed')
        lines.push(`- error code: ${(0,report_escape/* code */.aY)(image.error.code)}`);
    if (image.tags.length > 0 && moved) {
        const verb = dryRun ? 'would push' : image.status === 'restored' ? 'moved back' : 'pushed';
        lines.push(`- ${verb}: ${image.tags.map(report_escape/* code */.aY).join(', ')}`);
    }
    const t = image.transfers;
    if (t.mounted + t.copied + t.exists > 0)
        lines.push(`- blobs: ${t.mounted} mounted, ${t.copied} written, ${t.exists} already there`);
    lines.push(`- time: ${(image.durationMs / 1000).toFixed(1)} s`);
    if (image.note)
        lines.push(`- ${(0,report_escape/* escapeCell */.kq)(image.note)}`);
    const signing = image.signing;
    if (image.signatures && image.signatures.length > 0 && !signing)
        lines.push(`- 🔏 the replaced digest is signed or attested (${(0,report_escape/* escapeCell */.kq)(image.signatures.join('; '))}); the new digest is not covered by them: [sign it again](${SIGNING_DOCS})`);
    if (signing && signing.stored.length > 0) {
        lines.push(image.changed
            ? `- 🔏 signed by ${(0,report_escape/* code */.aY)(signing.by)} before the tag moved:`
            : `- 🔏 written before the run failed, by ${(0,report_escape/* code */.aY)(signing.by)} (no tag holds what they sign):`);
        for (const m of signedManifests(image))
            lines.push(`  - ${(0,report_escape/* escapeCell */.kq)(m.name)} ${(0,report_escape/* code */.aY)(m.digest)} in ${(0,report_escape/* code */.aY)(m.repository)}: ${(0,report_escape/* escapeCell */.kq)(m.signatures.join(', '))}${m.attestations.length > 0 ? `; attested: ${(0,report_escape/* escapeCell */.kq)(m.attestations.join(', '))}` : ''}`);
    }
    else if (signing && (0,src_result/* isApplied */.KN)(image))
        lines.push(`- 🔏 ${dryRun ? 'would be signed' : 'signing was skipped'} by ${(0,report_escape/* code */.aY)(signing.by)}: ${signing.manifests.length} manifest(s), as ${signing.formats.map((f) => (f === 'legacy' ? 'a cosign .sig tag' : 'a Sigstore bundle (OCI referrer)')).join(' and ')}${signing.attestations.length > 0 ? `, attested (${signing.attestations.map(report_escape/* code */.aY).join(', ')})` : ''}`);
    lines.push('');
    // Platforms with the same swaps are shown once.
    const groups = new Map();
    for (const p of image.platforms) {
        const key = JSON.stringify([
            p.plan.swaps.map((s) => [(0,rebase_types/* targetName */.j)(s.target), s.from.version, s.to.version, s.patchImage.reference]),
            p.plan.runImage?.status,
            p.vulnerabilities && [p.vulnerabilities.fixed, p.vulnerabilities.open, p.vulnerabilities.undecided],
            [...p.plan.refused, ...p.plan.unpatched, ...p.plan.skipped].map((d) => [
                (0,rebase_types/* targetName */.j)(d.target),
                d.reason.replace(p.platform, '*'),
            ]),
        ]);
        const group = groups.get(key);
        if (group)
            group.names.push(p.platform);
        else
            groups.set(key, { names: [p.platform], platform: p });
    }
    const caption = (0,src_result/* isApplied */.KN)(image) ? '' : ' (not applied)';
    lines.push(...(0,vulns_markdown/* renderImageShortfall */.xm)(image));
    for (const { names, platform } of groups.values()) {
        const { plan } = platform;
        const hasContent = plan.swaps.length + plan.refused.length + plan.unpatched.length + plan.skipped.length > 0 ||
            plan.runImage !== undefined ||
            plan.overrides.length > 0;
        if (!hasContent)
            continue;
        const title = names.length > 1
            ? `**${names.map(report_escape/* escapeCell */.kq).join(', ')}**: same plan`
            : `**${(0,report_escape/* escapeCell */.kq)(names[0])}**`;
        lines.push(title, '');
        if (plan.swaps.length > 0)
            lines.push(...swapTable(plan.swaps, `Swaps${caption}:`));
        if (plan.runImage)
            lines.push(renderRunImage(plan.runImage), '');
        lines.push(...(0,vulns_markdown/* renderVulnerabilities */.Pz)(platform, (0,words/* fixHeading */.cy)(image, dryRun)));
        if (platform.sbom && (0,src_result/* isApplied */.KN)(image))
            lines.push(...renderSbom(platform.sbom.layers));
        const decisions = [
            ...plan.refused.map((d) => ({ ...d, outcome: '⛔ refused' })),
            ...plan.unpatched.map((d) => ({ ...d, outcome: '⚠️ left unpatched' })),
            ...plan.skipped.map((d) => ({ ...d, outcome: 'skipped' })),
        ];
        if (decisions.length > 0) {
            lines.push(row(['Target', 'Outcome', 'Reason']), row(['---', '---', '---']));
            for (const d of decisions)
                lines.push(row([
                    (0,report_escape/* escapeCell */.kq)((0,rebase_types/* targetName */.j)(d.target)),
                    d.outcome,
                    // A refused image's advice is under "Needs attention", with its error.
                    (0,report_escape/* escapeCell */.kq)(image.error ? withoutForceAdvice(d.reason) : d.reason),
                ]));
            lines.push('');
        }
        for (const o of plan.overrides) {
            lines.push(`- overridden: ${(0,report_escape/* escapeCell */.kq)((0,types/* describeSelector */.r)(o.patch))} (${(0,report_escape/* escapeCell */.kq)((0,types/* describeSource */.B)(o.patch.source))}, ${(0,report_escape/* code */.aY)(o.patch.patchImage)}) lost to the later ${(0,report_escape/* escapeCell */.kq)((0,types/* describeSource */.B)(o.by.source))} (${(0,report_escape/* code */.aY)(o.by.patchImage)})`);
        }
        if (plan.overrides.length > 0)
            lines.push('');
    }
    for (const w of image.warnings)
        lines.push(`- ⚠️ ${(0,report_escape/* escapeCell */.kq)(w)}`);
    lines.push('', '</details>', '');
    return lines.join('\n');
}
/** An image's error without the image's own name in front (the row or bullet already names it). */
function problemText(image) {
    const message = image.error?.message ?? image.note ?? '';
    const names = [image.input];
    try {
        names.push((0,reference/* formatReference */.FH)((0,reference/* parseReference */.F2)(image.input)));
    }
    catch {
        // Not a reference: only the input as written can lead the message.
    }
    for (const name of names) {
        if (message.startsWith(`${name}: `))
            return message.slice(name.length + 2);
        // `image app:1 not found: …` under the image's own name: `not found: …`.
        if (message.startsWith(`image ${name} `))
            return message.slice(`image ${name} `.length);
        // An index platform's refusal: `app:1 (linux/amd64): …`.
        const platform = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\([^)]*\\): `).exec(message);
        if (platform)
            return message.slice(platform[0].length);
    }
    return message;
}
/** One line per failed or refused image, for the step's error: `app:1: refused, nothing was pushed: …`. */
function problemLine(image) {
    const text = problemText(image);
    return /^refused\b/.test(text) ? `${image.input}: ${text}` : `${image.input}: ${image.status}: ${text}`;
}
/** The reason in a table cell (a skipped image's note): at most ~140 characters, cut between words. */
function shortReason(image) {
    const text = problemText(image).replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, '$1');
    if (text.length <= 140)
        return text;
    const cut = text.slice(0, 138);
    const space = cut.lastIndexOf(' ');
    return `${(space > 80 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')} …`;
}
/** The digest this run pushed (or would push, or moved the tag back to); undefined when the tag stays. */
function newDigest(image) {
    const moved = (0,src_result/* isApplied */.KN)(image) || image.status === 'restored';
    return moved && image.digest && image.digest !== image.digestBefore ? image.digest : undefined;
}
/** The overview: one row per image, failures and refusals first, each with its reason or what it changes. */
function renderOverview(result) {
    const ordered = [...result.images].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
    const lines = [row(['Image', 'Status', 'Change', 'New digest']), row(['---', '---', '---', '---'])];
    for (const image of ordered) {
        const change = changeWords(image);
        const fixes = (0,vulns_markdown/* fixWords */.B0)(image, result.dryRun);
        // A failure's or refusal's reason and what to do are under "Needs attention", once.
        const words = [
            change ? `${(0,src_result/* isApplied */.KN)(image) ? '' : 'not applied: '}${(0,report_escape/* escapeCell */.kq)(change)}` : '',
            image.error ? '↑ see Needs attention' : image.note ? (0,report_escape/* escapeCell */.kq)(shortReason(image)) : (0,report_escape/* escapeCell */.kq)(fixes),
        ]
            .filter(Boolean)
            .join(' · ');
        // One meaning: the digest this run pushed (or would push); empty where the tag stays where it was.
        const digest = newDigest(image);
        lines.push(row([
            (0,report_escape/* escapeCell */.kq)(image.input),
            statusText(image.status, result.undo),
            words,
            digest ? (0,report_escape/* code */.aY)((0,oci_digest/* shortDigest */.VK)(digest)) : '',
        ]));
    }
    lines.push('');
    return lines;
}
/** A reason without its `(set force to override)`: where the advice is given once, under "Needs attention". */
function withoutForceAdvice(text) {
    return text.replace(/ \([^()]*\bset force\b[^()]*\)/g, '');
}
/** Each failure, then each refusal, in input order, with what to do next: what the reader acts on first. */
function renderProblems(result) {
    const lines = [];
    for (const status of ['failed', 'refused']) {
        for (const image of result.images) {
            if (!image.error || image.status !== status)
                continue;
            const step = nextStep(image.error.code, image.error.message);
            // The step below is the advice; the message's own parenthetical one (`(set force to override)`) goes.
            let message = problemText(image).replace(/^refused, /, '');
            if (step)
                message = withoutForceAdvice(message);
            lines.push(`- **${(0,report_escape/* escapeCell */.kq)(image.input)}** ${STATUS_TEXT[image.status]}: ${(0,report_escape/* escapeCell */.kq)(message)}`);
            if (step)
                lines.push(`  <br>→ ${(0,report_escape/* escapeCell */.kq)(step)}`);
        }
    }
    // Warnings about the whole run (a patch that selects nothing, sources, reports): here, not after every image.
    for (const w of result.warnings)
        lines.push(`- ⚠️ ${(0,report_escape/* escapeCell */.kq)(w)}`);
    if (lines.length > 0)
        lines.unshift('### Needs attention', '');
    if (lines.length > 0)
        lines.push('');
    return lines;
}
/**
 * `2 (1 critical), in 2 image(s)`: the distinct vulnerabilities the applied plans fix, then in how many
 * images; the summary, the PR comment and the CLI count them in these words.
 */
function fixedCount(result) {
    const applied = result.images.filter(src_result/* isApplied */.KN);
    const fixed = (0,vulns_markdown/* distinctFixed */.lm)(applied);
    if (fixed.length === 0)
        return '0';
    return `${(0,vuln_step/* countWords */.rj)(fixed)}, in ${applied.filter((i) => (0,vulns_markdown/* fixedOf */.OI)(i).length > 0).length} image(s)`;
}
/** Totals that count only what was pushed (or would be, in a dry run); zeros left out. */
function renderTotals(result, options = {}) {
    const counts = STATUS_ORDER.map((s) => [s, result.images.filter((i) => i.status === s).length])
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `**${n}** ${(0,words/* statusWord */.Hm)(s, result.undo)}`);
    const pushed = result.images.filter(src_result/* isApplied */.KN);
    const swaps = pushed.reduce((n, i) => n + i.platforms.reduce((m, p) => m + p.plan.swaps.length, 0), 0);
    const components = pushed
        .flatMap((i) => i.platforms.flatMap((p) => p.sbom?.layers ?? []))
        .reduce((n, l) => n + (l.diff ? l.diff.changed.length + l.diff.added.length + l.diff.removed.length : 0), 0);
    const parts = [`${result.images.length} image(s): ${counts.join(' · ')}`];
    if (swaps > 0)
        parts.push(result.dryRun ? `would swap ${swaps} layer(s)` : `${swaps} layer(s) swapped`);
    if (components > 0)
        parts.push(`${components} SBOM component change(s)`);
    if (result.vulnerabilityReports && options.vulnerabilities !== false)
        parts.push(`reported vulnerabilities ${result.dryRun ? 'to fix' : 'fixed'}: ${fixedCount(result)}`);
    if (!result.undo)
        parts.push(`${result.patchCount} patch(es) from ${result.sources.length} source(s)`);
    return parts.join(' · ');
}
/** The summary of a run that stopped before it had a result: what stopped it, and that nothing was pushed. */
function renderStopped(message) {
    return [
        '## layer-rebase',
        '',
        'The run stopped: nothing was pushed.',
        '',
        '### Needs attention',
        '',
        `- ❌ ${(0,report_escape/* escapeCell */.kq)(message)}`,
        '',
    ].join('\n');
}
/** The job summary: totals, the overview, what needs attention, then each image collapsed. */
function renderSummary(result, context = {}) {
    const head = [
        `## layer-rebase${result.undo ? ' undo' : ''}${result.dryRun ? ' (dry run: nothing pushed)' : ''}`,
        '',
        renderTotals(result),
        '',
        ...renderProblems(result),
        ...renderOverview(result),
    ];
    const tail = [];
    if (context.runUrl)
        tail.push('', `[Workflow run](${context.runUrl})`);
    const body = [
        ...head,
        '### Details',
        '',
        ...result.images.map((i) => renderImage(i, result)),
        ...tail,
    ].join('\n');
    return (0,report_escape/* truncateUtf8 */.Ck)(body, SUMMARY_LIMIT, '_Summary truncated to fit the 1 MiB job summary limit; the JSON report (output `report`) has every detail._');
}


/***/ }),

/***/ 75238:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ fixWords),
/* harmony export */   OI: () => (/* binding */ fixedOf),
/* harmony export */   Pz: () => (/* binding */ renderVulnerabilities),
/* harmony export */   iu: () => (/* binding */ idLink),
/* harmony export */   lm: () => (/* binding */ distinctFixed),
/* harmony export */   xm: () => (/* binding */ renderImageShortfall)
/* harmony export */ });
/* unused harmony exports safeId, advisoryUrl */
/* harmony import */ var _rebase_vuln_step_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(93799);
/* harmony import */ var _vulns_reports_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(51291);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(14031);
/* harmony import */ var _words_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(72691);




/** A vulnerability id as shown: only the characters ids are made of (CVE-, GHSA-, GO-, ALAS2-…, `:`). */
function safeId(id) {
    return id.replace(/[^\w.:-]/g, '');
}
/**
 * Where a vulnerability id is explained: a GHSA at github.com/advisories, a CVE at the NVD, else the page
 * the report links (Trivy's PrimaryURL, Grype's dataSource; https only), else nowhere.
 */
function advisoryUrl(id, url) {
    if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id))
        return `https://github.com/advisories/${id}`;
    if (/^CVE-\d{4}-\d{4,}$/i.test(id))
        return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
    return url && url.startsWith('https://') ? url : undefined;
}
/** The id as code, linked to its advisory when there is one; nothing of a hostile id or URL gets through. */
function idLink(id, url) {
    const shown = `<code>${safeId(id)}</code>`;
    const href = advisoryUrl(id, url);
    if (!href)
        return shown;
    const attr = href
        .replace(/&/g, '&amp;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '%7C')
        .replace(/\s/g, '');
    return `<a href="${attr}">${shown}</a>`;
}
/** What the image as a whole fixes (every platform of an index): each vulnerability once. */
function fixedOf(image) {
    return image.vulnerabilities?.fixed ?? [];
}
/** Each vulnerability fixed in any of the images once, at the worst severity any image reported it with. */
function distinctFixed(images) {
    const distinct = new Map();
    for (const f of images.flatMap(fixedOf)) {
        const seen = distinct.get(f.id);
        if (!seen || (0,_vulns_reports_js__WEBPACK_IMPORTED_MODULE_1__/* .severityRank */ .qs)(f.severity) > (0,_vulns_reports_js__WEBPACK_IMPORTED_MODULE_1__/* .severityRank */ .qs)(seen.severity))
            distinct.set(f.id, f);
    }
    return [...distinct.values()];
}
/** `fixes 2 (1 critical)` (`would fix …` in a dry run), with what stays short of fixed; '' when no report describes it. */
function fixWords(image, dryRun) {
    if (!image.platforms.some((p) => p.vulnerabilities && p.vulnerabilities.reports.length > 0))
        return '';
    const fixed = fixedOf(image);
    const undecided = image.vulnerabilities?.undecided.length ?? 0;
    const verb = (0,_words_js__WEBPACK_IMPORTED_MODULE_2__/* .fixVerb */ .v7)(image, dryRun);
    const words = fixed.length === 0 ? `${verb} none reported` : `${verb} ${(0,_rebase_vuln_step_js__WEBPACK_IMPORTED_MODULE_0__/* .countWords */ .rj)(fixed)}`;
    return undecided > 0 ? `${words}, ${undecided} undecided` : words;
}
/** An image's vulnerabilities that some platform fixes but the image as a whole does not (an index). */
function renderImageShortfall(image) {
    const v = image.vulnerabilities;
    if (!v || image.platforms.length < 2)
        return [];
    const short = [...v.open, ...v.undecided].filter((f) => f.fixedOn.length > 0);
    if (short.length === 0)
        return [];
    return [
        `**Fixed on some platforms only, so not for the image** (${short.length}):`,
        '',
        ...short
            .slice(0, MAX_ROWS)
            .map((f) => `- ${idLink(f.id)} fixed on ${f.fixedOn.map(_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq).join(', ')}; ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.reason)}`),
        ...(short.length > MAX_ROWS ? [`- … and ${short.length - MAX_ROWS} more in the JSON report`] : []),
        '',
    ];
}
const SEVERITY_TEXT = {
    critical: '🟥 critical',
    high: '🟧 high',
    medium: '🟨 medium',
    low: '🟦 low',
    negligible: 'negligible',
    unknown: 'unknown',
};
const row = (cells) => `| ${cells.join(' | ')} |`;
/** At most this many rows per table: a fleet's summary must stay readable (the report has them all). */
const MAX_ROWS = 50;
function table(findings, caption, last) {
    if (findings.length === 0)
        return [];
    const lines = [
        caption,
        '',
        row(['Vulnerability', 'Severity', 'Package', 'Version', last]),
        row(['---', '---', '---', '---', '---']),
    ];
    for (const f of findings.slice(0, MAX_ROWS)) {
        lines.push(row([
            idLink(f.id, f.url),
            SEVERITY_TEXT[f.severity],
            `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.package)}<br><sub>${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.target)}</sub>`,
            `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.from || '?')}&nbsp;→&nbsp;${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.to ?? '?')}`,
            last === 'Fixed in'
                ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(f.fixedIn.join(', '))
                : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(`${f.state === 'undecided' ? 'undecided: ' : ''}${f.reason}`),
        ]));
    }
    if (findings.length > MAX_ROWS)
        lines.push('', `… and ${findings.length - MAX_ROWS} more in the JSON report`);
    lines.push('');
    return lines;
}
/**
 * The platform's findings: what the patch fixes (under `heading`: Fixed, Would fix, Would have fixed), and
 * apart, what stays open (or undecided) in the swapped layers.
 */
function renderVulnerabilities(platform, heading) {
    const v = platform.vulnerabilities;
    if (!v || v.reports.length === 0)
        return [];
    const verb = heading;
    const lines = [
        ...table(v.fixed, `**${verb}** (${v.fixed.length}, from ${v.reports.map(_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq).join(', ')}):`, 'Fixed in'),
        ...table([...v.open, ...v.undecided], `**Not fixed** (${v.open.length} open, ${v.undecided.length} undecided):`, 'Why'),
    ];
    if (lines.length === 0)
        lines.push(`No reported vulnerability is in the swapped layers (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeCell */ .kq)(v.reports.join(', '))}).`, '');
    return lines;
}


/***/ }),

/***/ 72691:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Hm: () => (/* binding */ statusWord),
/* harmony export */   Jl: () => (/* binding */ swapVerb),
/* harmony export */   _v: () => (/* binding */ ARROW),
/* harmony export */   cy: () => (/* binding */ fixHeading),
/* harmony export */   v7: () => (/* binding */ fixVerb)
/* harmony export */ });
/* harmony import */ var _result_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(51666);

/*
 * One vocabulary for everything people read — the CLI's text, the action log, the job summary and the PR
 * comment: a dry run "would swap", "would patch", "would fix"; a real run "swapped", "patched", "fixes";
 * `→` between the before and the after. The JSON report keeps its status values (`planned` …): they are
 * a documented machine format, not words.
 */
/** Between what was and what is (or would be): versions, digests, run images. */
const ARROW = '→';
/** A status as people read it: a dry run's `planned` is "would patch" (an undo's: "would restore"). */
function statusWord(status, undo = false) {
    if (status === 'planned')
        return undo ? 'would restore' : 'would patch';
    return status;
}
/** Before a layer swap: `would swap` in a dry run, `swapped` after a real one, else `not applied: swap`. */
function swapVerb(image, dryRun) {
    if (!(0,_result_js__WEBPACK_IMPORTED_MODULE_0__/* .isApplied */ .KN)(image))
        return 'not applied: swap';
    return dryRun ? 'would swap' : 'swapped';
}
/**
 * Before a vulnerability or a count of them: `would fix`, `fixes`, or `would have fixed` (a plan not
 * applied). An unchanged image had nothing to apply: `fixes none reported`, as its plan does.
 */
function fixVerb(image, dryRun) {
    if (!(0,_result_js__WEBPACK_IMPORTED_MODULE_0__/* .isApplied */ .KN)(image) && image.status !== 'unchanged')
        return 'would have fixed';
    return dryRun ? 'would fix' : 'fixes';
}
/** The heading of what the plan fixes: `Would fix`, `Fixed`, or `Would have fixed` (not applied). */
function fixHeading(image, dryRun) {
    if (!(0,_result_js__WEBPACK_IMPORTED_MODULE_0__/* .isApplied */ .KN)(image))
        return 'Would have fixed';
    return dryRun ? 'Would fix' : 'Fixed';
}


/***/ }),

/***/ 51666:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ emptyResult),
/* harmony export */   KN: () => (/* binding */ isApplied),
/* harmony export */   Yx: () => (/* binding */ isPushed)
/* harmony export */ });
/* unused harmony exports IMAGE_STATUSES, emptyTransfers */
/** Every status, in the order totals list them. */
const IMAGE_STATUSES = (/* unused pure expression or super */ null && ([
    'restored',
    'patched',
    'partial',
    'planned',
    'unchanged',
    'skipped',
    'refused',
    'failed',
]));
/** An image's result before anything is known: failed until shown otherwise. */
function emptyResult(input) {
    return {
        input,
        status: 'failed',
        changed: false,
        tags: [],
        platforms: [],
        warnings: [],
        transfers: emptyTransfers(),
        durationMs: 0,
    };
}
function emptyTransfers() {
    return { exists: 0, mounted: 0, copied: 0 };
}
/** Whether an image's swaps are in a pushed image: what a VEX may state as fixed. */
function isPushed(image) {
    return image.changed && (image.status === 'patched' || image.status === 'partial');
}
/** Whether an image's planned swaps are in what was pushed (or would be, in a dry run). */
function isApplied(image) {
    return image.status === 'patched' || image.status === 'partial' || image.status === 'planned';
}


/***/ }),

/***/ 54049:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Tj: () => (/* binding */ DEFAULT_IMAGE_TIMEOUT_MS),
  eT: () => (/* binding */ checkImageReferences),
  Rz: () => (/* binding */ rebaseImages),
  j$: () => (/* binding */ registryHosts)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __nccwpck_require__(62148);
// EXTERNAL MODULE: ./src/bounded.ts
var bounded = __nccwpck_require__(16586);
// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __nccwpck_require__(86683);
// EXTERNAL MODULE: ./src/log.ts
var src_log = __nccwpck_require__(25625);
// EXTERNAL MODULE: ./src/oci/stores.ts + 6 modules
var oci_stores = __nccwpck_require__(54288);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __nccwpck_require__(46466);
// EXTERNAL MODULE: ./src/oci/compression.ts + 2 modules
var compression = __nccwpck_require__(34164);
// EXTERNAL MODULE: ./src/oci/types.ts
var types = __nccwpck_require__(3048);
// EXTERNAL MODULE: ./src/oci/config.ts
var oci_config = __nccwpck_require__(5335);
// EXTERNAL MODULE: ./src/cnb/tar-reader.ts
var tar_reader = __nccwpck_require__(96880);
// EXTERNAL MODULE: ./src/cnb/tar.ts
var cnb_tar = __nccwpck_require__(91974);
// EXTERNAL MODULE: ./src/memo.ts
var memo = __nccwpck_require__(75025);
;// CONCATENATED MODULE: ./src/cnb/builder.ts









const BUILDPACK_LAYERS_LABEL = 'io.buildpacks.buildpack.layers';
const MAX_TOML_BYTES = 1024 * 1024;
/** A builder layer that uncompresses to more than this is treated as a decompression bomb. */
const MAX_BUILDER_LAYER_BYTES = 4 * 1024 * 1024 * 1024;
/**
 * Reads `buildpack.toml` files out of builder and buildpackage images, downloading only the layers
 * of the buildpacks asked for; a flattened layer holding several buildpacks is downloaded once.
 */
class BuilderReader {
    stores;
    log;
    builders = new Map();
    layerFiles = new Map();
    /** Layers downloaded so far, for the tests' request counting and the log. */
    downloads = 0;
    constructor(stores, log) {
        this.stores = stores;
        this.log = log;
    }
    load(reference, platform) {
        return (0,memo/* once */.O)(this.builders, `${reference}\n${(0,types/* formatPlatform */.Bq)(platform)}`, () => this.loadUncached(reference, platform));
    }
    async loadUncached(reference, platform) {
        const ref = (0,oci_reference/* parseReference */.F2)(reference);
        const shown = (0,oci_reference/* formatReference */.FH)(ref);
        const store = this.stores.storeFor(ref);
        const top = await store.getManifest(ref.digest ?? ref.tag);
        let parsed = (0,types/* parseManifest */.Ng)(top.bytes, `builder ${shown}`, top.mediaType);
        if (parsed.kind === 'index') {
            const entry = parsed.value.manifests.find((d) => (0,types/* platformMatches */.J5)(d.platform, platform)) ??
                parsed.value.manifests.find((d) => d.platform?.os === platform.os && d.platform.architecture === platform.architecture);
            if (!entry)
                throw new errors/* LayerRebaseError */.wN('builder-platform', `builder ${shown} has no ${(0,types/* formatPlatform */.Bq)(platform)} image`);
            const child = await store.getManifest(entry.digest);
            parsed = (0,types/* parseManifest */.Ng)(child.bytes, `builder ${shown}@${entry.digest}`, entry.mediaType);
        }
        if (parsed.kind !== 'image')
            throw new errors/* LayerRebaseError */.wN('builder-format', `builder ${shown}: nested index`);
        const config = await (0,oci_config/* loadConfig */.Z)(store, parsed.value, `builder ${shown}`);
        const label = config.config?.Labels?.[BUILDPACK_LAYERS_LABEL];
        if (!label) {
            throw new errors/* LayerRebaseError */.wN('not-a-builder', `${shown} has no ${BUILDPACK_LAYERS_LABEL} label: it is not a builder or buildpackage image`);
        }
        let layers;
        try {
            layers = JSON.parse(label);
        }
        catch (error) {
            throw new errors/* FormatError */.IF(`builder ${shown} label ${BUILDPACK_LAYERS_LABEL}`, '', undefined, error.message);
        }
        return { reference: shown, store, manifest: parsed.value, diffIds: config.rootfs.diff_ids, layers };
    }
    /** The buildpack.toml of `id@version` from the first builder that has it, or undefined. */
    async find(builders, id, version, platform) {
        for (const reference of builders) {
            const builder = await this.load(reference, platform);
            const entry = builder.layers[id]?.[version];
            if (!entry?.layerDiffID)
                continue;
            const index = builder.diffIds.indexOf(entry.layerDiffID);
            const layer = builder.manifest.layers[index];
            if (index < 0 || !layer) {
                throw new errors/* LayerRebaseError */.wN('builder-format', `builder ${builder.reference}: buildpack ${id}@${version} names layer ${entry.layerDiffID}, which the image does not have`);
            }
            const files = await this.layerTomls(builder, layer.digest);
            const path = `cnb/buildpacks/${id.replace(/\//g, '_')}/${version}/buildpack.toml`;
            const text = files.get(path);
            if (text === undefined) {
                this.log.warning(`builder ${builder.reference}: layer of ${id}@${version} has no /${path}`);
                continue;
            }
            return {
                id,
                version,
                text,
                via: `${builder.reference} /${path}`,
                builder: builder.reference,
                layer: layer.digest,
            };
        }
        return undefined;
    }
    layerTomls(builder, digest) {
        return (0,memo/* once */.O)(this.layerFiles, `${builder.store.name}@${digest}`, () => this.readTomls(builder, digest));
    }
    /** Streams one layer and keeps only the buildpack.toml files in it; the rest is hashed and dropped. */
    async readTomls(builder, digest) {
        const layer = builder.manifest.layers.find((l) => l.digest === digest);
        const decoder = (0,compression/* layerDecoder */.qd)(layer.mediaType);
        if (decoder === undefined) {
            throw new errors/* LayerRebaseError */.wN('unsupported-media-type', `builder ${builder.reference}: cannot read ${layer.mediaType} layers`);
        }
        this.downloads++;
        const where = `builder ${builder.reference} layer ${digest}`;
        const found = new Map();
        let total = 0;
        // Read as pack and lifecycle (Go's archive/tar) read it; what readers disagree on is refused.
        const reader = new tar_reader/* TarReader */.RF({
            where,
            maxEntryBytes: cnb_tar/* DEFAULT_TAR_LIMITS */.by.maxEntryBytes,
            onEntry: (entry) => {
                const path = (0,cnb_tar/* normaliseTarPath */.p5)(entry.name);
                // A builder is as untrusted as any image: the same hostile-tar rules as SBOM layers.
                (0,cnb_tar/* checkEntry */.Tr)({ path, rawName: entry.name, type: entry.type, linkname: entry.linkname }, where, {
                    absoluteLinks: false,
                });
                total += entry.size;
                if (total > MAX_BUILDER_LAYER_BYTES)
                    throw new cnb_tar/* UnsafeTarError */.KE(where, `the layer uncompresses to more than ${MAX_BUILDER_LAYER_BYTES} bytes`);
                return (entry.type === 'file' &&
                    entry.size <= MAX_TOML_BYTES &&
                    /^cnb\/buildpacks\/[^/]+\/[^/]+\/buildpack\.toml$/.test(path));
            },
            onData: (entry, data) => found.set((0,cnb_tar/* normaliseTarPath */.p5)(entry.name), data.toString('utf8')),
        });
        const tar = (0,tar_reader/* tarSink */.p5)(reader);
        const blob = await builder.store.getBlob(layer);
        try {
            if (decoder === 'none')
                await (0,promises_.pipeline)(blob, tar);
            else
                await (0,promises_.pipeline)(blob, decoder(), tar);
        }
        catch (error) {
            if (error instanceof errors/* LayerRebaseError */.wN)
                throw error;
            throw new errors/* LayerRebaseError */.wN('invalid-layer', `${where} (${layer.mediaType}): ${error.message}`, {
                cause: error,
            });
        }
        return found;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __nccwpck_require__(58500);
// EXTERNAL MODULE: ./src/http.ts
var http = __nccwpck_require__(76803);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __nccwpck_require__(27194);
;// CONCATENATED MODULE: ./src/patches/fetch.ts







const MAX_PATCH_FILE_BYTES = 1024 * 1024;
class PatchSourceError extends errors/* LayerRebaseError */.wN {
    location;
    constructor(location, reason, options) {
        super('patch-source', `patch file ${(0,secrets/* withoutQuery */.j$)(location)}: ${reason}`, options);
        this.location = location;
    }
}
const agent = new http/* Agent */.g({ connectTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
/** A patch file is small: a server that trickles it is cut off here. */
const REQUEST_DEADLINE_MS = 60_000;
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);
/** A patch file URL that is wrong as written (a usage mistake: the CLI exits 2), naming it without its query. */
function badUrl(location, reason) {
    return new errors/* UsageError */.eb(`patch file ${(0,secrets/* withoutQuery */.j$)(location)}: ${reason}`);
}
/** Splits `https://host/p.json#sha256=<hex>` into the URL to fetch and the pinned digest. */
function parsePinnedUrl(location) {
    let url;
    try {
        url = new URL(location);
    }
    catch {
        throw badUrl(location, 'not a valid URL: write https://host/path, or a local path without a scheme');
    }
    const fragment = url.hash.replace(/^#/, '');
    url.hash = '';
    if (!fragment)
        return { url };
    const m = /^sha256=([a-f0-9]{64})$/i.exec(fragment);
    if (m)
        return { url, pin: m[1].toLowerCase() };
    if (/^sha256=/i.test(fragment))
        throw badUrl(location, `"#${fragment}" is not a pin: after #sha256= write the file's whole sha256, 64 hex digits (sha256sum prints it)`);
    throw badUrl(location, `unsupported URL fragment "#${fragment}": pin the file with #sha256=<64 hex digits>`);
}
const schemeAllowed = (url) => url.protocol === 'https:' || (url.protocol === 'http:' && (0,oci_reference/* isLoopbackHost */.cW)(url.host));
/** The URL as written: only https (plain http for loopback hosts). */
function checkScheme(location, url) {
    if (schemeAllowed(url))
        return;
    throw badUrl(location, url.protocol === 'http:'
        ? `only https:// URLs are allowed (plain http only for loopback hosts): serve the file over https:// and write https://${url.host}${url.pathname}`
        : `only https:// URLs are allowed (plain http only for loopback hosts), got ${url.protocol}//${url.host}`);
}
/** Where a server redirected to: the same rule, but the server's doing, not a usage mistake. */
function checkRedirect(location, url) {
    if (schemeAllowed(url))
        return;
    throw new PatchSourceError(location, `only https:// URLs are allowed (plain http only for loopback hosts), got a redirect to ${url.protocol}//${url.host}`);
}
/**
 * Downloads patch files over HTTPS: each URL once per run, redirects checked hop by hop, retries on
 * transient failures, a size cap, and the `#sha256=` pin verified before the text is used.
 */
class PatchFileFetcher {
    options;
    cache = new Map();
    constructor(options) {
        this.options = options;
    }
    fetch(location) {
        return (0,memo/* once */.O)(this.cache, location, () => this.fetchUncached(location));
    }
    async fetchUncached(location) {
        const { url, pin } = parsePinnedUrl(location);
        checkScheme(location, url);
        const attempts = this.options.attempts ?? 3;
        for (let attempt = 1;; attempt++) {
            try {
                const bytes = await this.download(location, url);
                const sha = (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
                if (pin && sha !== pin) {
                    throw new PatchSourceError(location, `content sha256 ${sha} does not match the pinned sha256 ${pin}`);
                }
                return { location: (0,secrets/* withoutQuery */.j$)(location), text: bytes.toString('utf8'), sha256: sha };
            }
            catch (error) {
                const transient = error instanceof TransientError;
                if (!transient || attempt >= attempts) {
                    if (error instanceof TransientError)
                        throw new PatchSourceError(location, error.message, { cause: error.cause });
                    throw error;
                }
                this.options.log.debug(`patch file ${(0,secrets/* withoutQuery */.j$)(location)}: ${error.message}; retrying`);
                await (0,external_node_timers_promises_.setTimeout)((this.options.backoffMs ?? 500) * 2 ** (attempt - 1));
            }
        }
    }
    async download(location, start) {
        const maxBytes = this.options.maxBytes ?? MAX_PATCH_FILE_BYTES;
        let url = start;
        for (let hop = 0; hop <= 5; hop++) {
            let res;
            try {
                res = await (0,http/* request */.E)(url, {
                    signal: AbortSignal.timeout(this.options.deadlineMs ?? REQUEST_DEADLINE_MS),
                    method: 'GET',
                    headers: {
                        'user-agent': 'layer-rebase',
                        accept: 'application/json, application/toml, text/plain, */*',
                    },
                    dispatcher: this.options.dispatcher ?? agent,
                });
            }
            catch (error) {
                throw new TransientError(`cannot connect to ${url.host}: ${explainFetchError(error)}`, error);
            }
            if ([301, 302, 303, 307, 308].includes(res.statusCode)) {
                await res.body.dump();
                const next = res.headers.location;
                if (typeof next !== 'string')
                    throw new PatchSourceError(location, `redirect ${res.statusCode} without a Location`);
                url = new URL(next, url);
                checkRedirect(location, url);
                continue;
            }
            if (res.statusCode !== 200) {
                await res.body.dump();
                if (TRANSIENT.has(res.statusCode))
                    throw new TransientError(`${res.statusCode} from ${url.host}`);
                throw new PatchSourceError(location, `the server answered ${res.statusCode}`);
            }
            const declared = Number(res.headers['content-length']);
            if (declared > maxBytes) {
                await res.body.dump();
                throw new PatchSourceError(location, `the file is ${declared} bytes, more than the ${maxBytes} allowed`);
            }
            const chunks = [];
            let total = 0;
            try {
                for await (const chunk of res.body) {
                    total += chunk.length;
                    if (total > maxBytes) {
                        res.body.destroy();
                        throw new PatchSourceError(location, `the file is more than the ${maxBytes} bytes allowed`);
                    }
                    chunks.push(chunk);
                }
            }
            catch (error) {
                if (error instanceof PatchSourceError)
                    throw error;
                throw new TransientError(`reading from ${url.host} failed: ${explainFetchError(error)}`, error);
            }
            return Buffer.concat(chunks);
        }
        throw new PatchSourceError(location, 'too many redirects');
    }
}
class TransientError extends Error {
    constructor(message, cause) {
        super(message, cause === undefined ? undefined : { cause });
    }
}
function explainFetchError(error) {
    const code = error.code;
    const name = error.name;
    if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
        return 'timed out';
    return error.message;
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

// EXTERNAL MODULE: ./src/nesting.ts
var nesting = __nccwpck_require__(28237);
;// CONCATENATED MODULE: ./src/cnb/buildpack-toml.ts



const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function uris(table, file, key) {
    if (table === undefined)
        return [];
    if (!isObject(table))
        throw new errors/* PatchFileError */.zM(file, key, table, 'expected a table with reference_uri');
    const value = table.reference_uri;
    if (typeof value === 'string' && value.trim())
        return [value.trim()];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim()))
        return value.map((v) => v.trim());
    throw new errors/* PatchFileError */.zM(file, `${key}.reference_uri`, value, 'expected a string or a list of strings');
}
/**
 * Reads the `reference_uri` of a buildpack.toml from the top-level `[layer-patch]` table (the RFC's
 * example), from `[metadata.layer-patch]`, and from a `layer-patch` table in each `[[targets]]` entry.
 */
function parseBuildpackToml(text, file) {
    if ((0,nesting/* tooDeep */.DI)(text))
        throw new errors/* PatchFileError */.zM(file, '', undefined, `nested too deeply (more than ${nesting/* MAX_NESTING */.M1} levels)`);
    let doc;
    try {
        doc = parse(text);
    }
    catch (error) {
        throw new errors/* PatchFileError */.zM(file, '', undefined, `not valid TOML: ${error.message.split('\n')[0]}`);
    }
    const bp = doc.buildpack;
    if (!isObject(bp) || typeof bp.id !== 'string' || bp.id === '') {
        throw new errors/* PatchFileError */.zM(file, 'buildpack.id', isObject(bp) ? bp.id : bp, 'a buildpack.toml needs [buildpack] id');
    }
    const refs = [...uris(doc['layer-patch'], file, 'layer-patch')];
    if (isObject(doc.metadata))
        refs.push(...uris(doc.metadata['layer-patch'], file, 'metadata.layer-patch'));
    const targeted = [];
    if (Array.isArray(doc.targets)) {
        doc.targets.forEach((t, i) => {
            if (!isObject(t) || t['layer-patch'] === undefined)
                return;
            const entry = {
                refs: uris(t['layer-patch'], file, `targets[${i}].layer-patch`),
            };
            if (typeof t.os === 'string')
                entry.os = t.os;
            if (typeof t.arch === 'string')
                entry.arch = t.arch;
            if (typeof t.variant === 'string')
                entry.variant = t.variant;
            targeted.push(entry);
        });
    }
    return { id: bp.id, version: typeof bp.version === 'string' ? bp.version : '', refs, targeted };
}
/**
 * `./x`, `../x` and `/x` are paths (relative ones from the buildpack.toml's folder); a value with a
 * scheme is a URL; anything else (`host/path`, as in the RFC) means `https://host/path`.
 */
function resolveReferenceUri(value, tomlDir) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
        return { kind: 'url', url: value };
    if (value.startsWith('./') || value.startsWith('../') || value.startsWith('/')) {
        if (value.startsWith('/') || tomlDir === undefined)
            return { kind: 'path', path: value };
        return { kind: 'path', path: joinPosix(tomlDir, value) };
    }
    return { kind: 'url', url: `https://${value}` };
}
function joinPosix(dir, rel) {
    const parts = `${dir}/${rel}`.split('/');
    const out = [];
    for (const p of parts) {
        if (p === '' && out.length > 0)
            continue;
        if (p === '.')
            continue;
        if (p === '..')
            out.pop();
        else
            out.push(p);
    }
    return out.join('/') || '/';
}

// EXTERNAL MODULE: ./src/files.ts
var src_files = __nccwpck_require__(59148);
// EXTERNAL MODULE: ./src/patches/glob.ts
var glob = __nccwpck_require__(21302);
;// CONCATENATED MODULE: ./src/json-error.ts
/**
 * Where a JSON text stops being JSON, as a line and column with what was expected there: the
 * position `JSON.parse` gives (when it gives one at all, which depends on the Node version) is a
 * character offset nobody can find in an editor. Never quotes the text (it may be some other service's
 * answer). Call it only for a text `JSON.parse` refused; nesting must already be bounded.
 */
function jsonSyntaxError(text) {
    const found = scan(text);
    const offset = found?.offset ?? text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { line, column, reason: found?.reason ?? 'unexpected text' };
}
class Stop {
    offset;
    reason;
    constructor(offset, reason) {
        this.offset = offset;
        this.reason = reason;
    }
}
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
function scan(text) {
    let i = 0;
    const fail = (reason, at = i) => {
        throw new Stop(at, at >= text.length ? 'unexpected end of input' : reason);
    };
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i]))
            i++;
    };
    const literal = (word) => {
        for (let k = 0; k < word.length; k++)
            if (text[i + k] !== word[k])
                fail(`expected ${word}`, i + k);
        i += word.length;
    };
    const string = () => {
        i++; // the opening quote
        for (;;) {
            if (i >= text.length)
                fail('unterminated string');
            const c = text.charCodeAt(i);
            if (c === 0x22) {
                i++;
                return;
            }
            if (c < 0x20)
                fail('a control character in a string (escape it, e.g. \\n)');
            if (c === 0x5c) {
                const e = text[i + 1];
                if (e === 'u') {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
                        fail('expected 4 hex digits after \\u', i + 2);
                    i += 6;
                }
                else if (e !== undefined && '"\\/bfnrt'.includes(e))
                    i += 2;
                else
                    fail('an invalid escape in a string', i + 1);
            }
            else
                i++;
        }
    };
    const number = () => {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m)
            fail('expected a value');
        i += m[0].length;
    };
    const value = () => {
        ws();
        const c = text[i];
        if (c === '{')
            return object();
        if (c === '[')
            return array();
        if (c === '"')
            return string();
        if (c === 't')
            return literal('true');
        if (c === 'f')
            return literal('false');
        if (c === 'n')
            return literal('null');
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9'))
            return number();
        fail(c === "'" ? 'expected a value (JSON strings take double quotes)' : 'expected a value');
    };
    const object = () => {
        i++;
        ws();
        if (text[i] === '}') {
            i++;
            return;
        }
        for (;;) {
            ws();
            if (text[i] !== '"')
                fail(text[i] === '}' ? "a trailing comma before '}'" : 'expected a property name in double quotes');
            string();
            ws();
            if (text[i] !== ':')
                fail("expected ':' after the property name");
            i++;
            value();
            ws();
            if (text[i] === ',') {
                i++;
                continue;
            }
            if (text[i] === '}') {
                i++;
                return;
            }
            fail("expected ',' or '}'");
        }
    };
    const array = () => {
        i++;
        ws();
        if (text[i] === ']') {
            i++;
            return;
        }
        for (;;) {
            ws();
            if (text[i] === ']')
                fail("a trailing comma before ']'");
            value();
            ws();
            if (text[i] === ',') {
                i++;
                continue;
            }
            if (text[i] === ']') {
                i++;
                return;
            }
            fail("expected ',' or ']'");
        }
    };
    try {
        value();
        ws();
        if (i < text.length)
            fail('unexpected text after the end of the document');
        return undefined;
    }
    catch (error) {
        if (error instanceof Stop)
            return error;
        throw error;
    }
}

// EXTERNAL MODULE: ./src/oci/digest.ts
var digest = __nccwpck_require__(68825);
// EXTERNAL MODULE: ./src/suggest.ts
var suggest = __nccwpck_require__(42969);
;// CONCATENATED MODULE: ./src/patches/parse.ts








const parse_isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
const LAYER_KEYS = ['buildpack', 'layer', 'data', 'patch-image', 'patch-image.mirrors'];
const LAUNCHER_KEYS = ['must-match-sha', 'patch-image', 'patch-image.mirrors'];
/** JSON or TOML: by extension, else by the first meaningful character. */
function detectFormat(name, text) {
    const lower = name.toLowerCase().replace(/[?#].*$/, '');
    if (lower.endsWith('.json'))
        return 'json';
    if (lower.endsWith('.toml'))
        return 'toml';
    return /^\s*[{[]\s*["{\]]/.test(text) || /^\s*\{/.test(text) ? 'json' : 'toml';
}
/**
 * Parses a patch file in any accepted form: the RFC's `{"patches": [...]}`, the review's object form
 * `{"patches": {"buildpacks": [...], "launcher": {...}}}`, and both in TOML. Every error names the
 * file, the key and the value; unknown keys become warnings.
 */
function parsePatchFile(text, source, format) {
    const file = source.location;
    if (!format && /\.ya?ml$/.test(file.toLowerCase().replace(/[?#].*$/, '')))
        throw new errors/* PatchFileError */.zM(file, '', undefined, YAML_NOT_SUPPORTED);
    const kind = format ?? detectFormat(file, text);
    if ((0,nesting/* tooDeep */.DI)(text)) {
        throw new errors/* PatchFileError */.zM(file, '', undefined, `nested too deeply (more than ${nesting/* MAX_NESTING */.M1} levels)`);
    }
    let doc;
    try {
        doc = kind === 'json' ? JSON.parse(text) : parse(text);
    }
    catch (error) {
        if (kind === 'toml' && looksLikeYaml(text))
            throw new errors/* PatchFileError */.zM(file, '', undefined, YAML_NOT_SUPPORTED);
        // Never quote the text itself: a fetched "patch file" may be some other service's answer.
        let reason = `not valid ${kind.toUpperCase()}: ${parseErrorReason(error, text)}`;
        if (error instanceof TomlError &&
            /patch-image/.test(text) &&
            /already|redefin|overrid/i.test(error.message)) {
            reason += ' (in TOML, quote dotted keys: "patch-image.mirrors" = [...])';
        }
        throw new errors/* PatchFileError */.zM(file, '', undefined, reason);
    }
    if (!parse_isObject(doc))
        throw new errors/* PatchFileError */.zM(file, '', doc, 'expected a table/object with a "patches" key');
    const warnings = [];
    if (doc.patches === undefined) {
        const near = Object.keys(doc).find((k) => (0,suggest/* suggestKey */.Ax)(k, ['patches']) !== undefined);
        if (near !== undefined)
            throw unknownKeyError(file, '', near, ['patches']);
    }
    for (const key of Object.keys(doc))
        if (key !== 'patches')
            warnings.push(`${file}: unknown key "${key}" ignored`);
    const patches = doc.patches;
    const out = [];
    if (Array.isArray(patches)) {
        patches.forEach((p, i) => out.push(parseLayerPatch(p, source, `patches[${i}]`)));
    }
    else if (parse_isObject(patches)) {
        rejectUnknown(patches, ['buildpacks', 'launcher'], file, 'patches');
        if (patches.buildpacks !== undefined) {
            if (!Array.isArray(patches.buildpacks)) {
                throw new errors/* PatchFileError */.zM(file, 'patches.buildpacks', patches.buildpacks, 'expected an array of patches');
            }
            patches.buildpacks.forEach((p, i) => out.push(parseLayerPatch(p, source, `patches.buildpacks[${i}]`)));
        }
        if (patches.launcher !== undefined)
            out.push(parseLauncherPatch(patches.launcher, source, 'patches.launcher'));
    }
    else {
        throw new errors/* PatchFileError */.zM(file, 'patches', patches, 'expected an array of patches or an object with "buildpacks"/"launcher"');
    }
    return { source, patches: out, warnings };
}
const YAML_NOT_SUPPORTED = 'YAML is not supported: write the patch file as JSON or TOML, with the same keys (README: "Patch files")';
/** The first meaningful line reads as YAML (`patches:`, `- buildpack: …`, `---`), which TOML never is. */
function looksLikeYaml(text) {
    const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    return first !== undefined && /^\s*(---|%YAML|-\s|["']?[\w.-]+["']?\s*:(\s|$))/.test(first);
}
/** A parser's complaint without the quoted text: what was wrong, at which line and column. */
function parseErrorReason(error, text) {
    if (error instanceof RangeError)
        return `nested too deeply`;
    const first = error.message.split('\n')[0] ?? '';
    if (error instanceof TomlError)
        return first.replace(/:.*$/, '') + (error.line ? ` at line ${error.line}, column ${error.column}` : '');
    if (text !== undefined) {
        const at = jsonSyntaxError(text);
        return `${at.reason} at line ${at.line}, column ${at.column}`;
    }
    const position = /position (\d+)/.exec(first)?.[1];
    const kind = /Unexpected end/i.test(first) ? 'unexpected end of input' : 'unexpected text';
    return position ? `${kind} at position ${position}` : kind;
}
function requireString(obj, key, file, where) {
    const value = obj[key];
    if (typeof value !== 'string' || value.trim() === '') {
        throw new errors/* PatchFileError */.zM(file, `${where}.${key}`, value, value === undefined ? 'missing' : 'expected a non-empty string');
    }
    return value;
}
function imageReference(value, file, key) {
    try {
        (0,oci_reference/* parseReference */.F2)(value);
    }
    catch (error) {
        throw new errors/* PatchFileError */.zM(file, key, value, error.message);
    }
    if (value.startsWith('oci:'))
        return value;
    return value;
}
function parseImage(obj, file, where) {
    const raw = obj['patch-image'];
    // TOML's unquoted `patch-image.mirrors` makes `patch-image` a table; say how to spell it.
    if (parse_isObject(raw)) {
        throw new errors/* PatchFileError */.zM(file, `${where}.patch-image`, raw, 'expected a string; in TOML write the mirrors key quoted: "patch-image.mirrors" = [...]');
    }
    const patchImage = imageReference(requireString(obj, 'patch-image', file, where), file, `${where}.patch-image`);
    const rawMirrors = obj['patch-image.mirrors'];
    let mirrors = [];
    if (rawMirrors !== undefined) {
        if (!Array.isArray(rawMirrors) || rawMirrors.some((m) => typeof m !== 'string')) {
            throw new errors/* PatchFileError */.zM(file, `${where}.patch-image.mirrors`, rawMirrors, 'expected an array of image references');
        }
        mirrors = rawMirrors.map((m, i) => imageReference(m, file, `${where}.patch-image.mirrors[${i}]`));
    }
    return { patchImage, mirrors };
}
function unknownKeyError(file, where, key, allowed) {
    const near = (0,suggest/* suggestKey */.Ax)(key, allowed);
    const hint = near === undefined
        ? `allowed keys: ${allowed.join(', ')}`
        : near.toLowerCase() === key.toLowerCase()
            ? `did you mean "${near}"? keys are case-sensitive`
            : `did you mean "${near}"?`;
    return new errors/* PatchFileError */.zM(file, where ? `${where}.${key}` : key, undefined, `unknown key "${key}" (${hint}); a misspelled key could widen a patch, so the file is refused`);
}
/** Inside a patch entry an unknown key is an error: a misspelled selector must never widen a patch. */
function rejectUnknown(obj, allowed, file, where) {
    for (const key of Object.keys(obj)) {
        if (!allowed.includes(key))
            throw unknownKeyError(file, where, key, allowed);
    }
}
function parseGlob(obj, key, file, where) {
    const value = requireString(obj, key, file, where);
    const problem = (0,glob/* validateGlob */.fN)(value);
    if (problem)
        throw new errors/* PatchFileError */.zM(file, `${where}.${key}`, value, problem);
    return value;
}
/**
 * Flattens nested selector tables (`data = { artifact = { version = "1.*" } }`) into dot paths. Every
 * selector is a string glob: lifecycle reads `data` as a map of strings and matches string values only.
 * The result has no prototype, so that a key such as `__proto__` is kept like any other.
 */
function flattenData(value, file, key, prefix = '', out = Object.create(null), depth = 0) {
    if (!parse_isObject(value))
        throw new errors/* PatchFileError */.zM(file, key, value, 'expected a table/object of selectors');
    if (depth > 16)
        throw new errors/* PatchFileError */.zM(file, key, undefined, 'selectors nested too deeply');
    for (const [k, v] of Object.entries(value)) {
        const path = prefix ? `${prefix}.${k}` : k;
        if (parse_isObject(v))
            flattenData(v, file, `${key}.${k}`, path, out, depth + 1);
        else if (typeof v === 'string') {
            const problem = (0,glob/* validateGlob */.fN)(v);
            if (problem)
                throw new errors/* PatchFileError */.zM(file, `${key}.${k}`, v, problem);
            out[path] = v;
        }
        else {
            throw new errors/* PatchFileError */.zM(file, `${key}.${k}`, v, `a data selector must be a string glob (lifecycle matches only string values${typeof v === 'number' || typeof v === 'boolean' ? `; write "${String(v)}" only if the layer data holds the string` : ''})`);
        }
    }
    return out;
}
function parseLayerPatch(value, source, where) {
    const file = source.location;
    if (!parse_isObject(value))
        throw new errors/* PatchFileError */.zM(file, where, value, 'expected a table/object');
    rejectUnknown(value, LAYER_KEYS, file, where);
    const patch = {
        kind: 'layer',
        buildpack: parseGlob(value, 'buildpack', file, where),
        layer: parseGlob(value, 'layer', file, where),
        data: value.data === undefined
            ? Object.create(null)
            : flattenData(value.data, file, `${where}.data`),
        ...parseImage(value, file, where),
        source,
        where,
    };
    return patch;
}
function parseLauncherPatch(value, source, where) {
    const file = source.location;
    if (!parse_isObject(value))
        throw new errors/* PatchFileError */.zM(file, where, value, 'expected a table/object');
    rejectUnknown(value, LAUNCHER_KEYS, file, where);
    const patch = { kind: 'launcher', ...parseImage(value, file, where), source, where };
    const shas = value['must-match-sha'];
    if (shas !== undefined) {
        if (!Array.isArray(shas))
            throw new errors/* PatchFileError */.zM(file, `${where}.must-match-sha`, shas, 'expected an array of sha256 digests');
        patch.mustMatchSha = shas.map((s, i) => {
            try {
                return (0,digest/* parseDigest */.m)(s, file, `${where}.must-match-sha[${i}]`);
            }
            catch {
                throw new errors/* PatchFileError */.zM(file, `${where}.must-match-sha[${i}]`, s, 'expected sha256:<64 hex digits>');
            }
        });
    }
    return patch;
}

// EXTERNAL MODULE: ./src/patches/scope.ts
var scope = __nccwpck_require__(56734);
;// CONCATENATED MODULE: ./src/patches/sources.ts











const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const fullPath = (path, cwd) => ((0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(cwd, path));
async function readLocal(path, cwd, what = 'patch file') {
    return (await readLocalBytes(path, cwd, what)).toString('utf8');
}
function readLocalBytes(path, cwd, what = 'patch file') {
    return (0,src_files/* readRegularFile */.XF)(fullPath(path, cwd), MAX_PATCH_FILE_BYTES, what);
}
/**
 * A patch file missing from the action's workspace when nothing is checked out there (no `.git`): the
 * workflow lacks `actions/checkout`, and the error says so rather than only that the file is not there.
 */
async function withoutCheckout(error, path, workspace) {
    if (error instanceof src_files/* LocalFileError */.QD &&
        error.errno === 'ENOENT' &&
        workspace !== undefined &&
        !(0,external_node_path_.relative)(workspace, path).startsWith('..') &&
        !(await (0,external_node_fs_promises_.lstat)((0,external_node_path_.join)(workspace, '.git')).then(() => true, () => false)))
        throw new src_files/* LocalFileError */.QD(`${error.message}: the workspace ${workspace} has no checkout; check out the repository first (actions/checkout)`, error.errno);
    throw error;
}
/** Reads one patch file from a path or URL and validates it; buildpack-published files are scope-checked. */
async function readPatchFile(location, source, ctx) {
    if (location.kind === 'url' && (0,secrets/* hasUserInfo */.A$)(location.url)) {
        throw new errors/* PatchFileError */.zM((0,secrets/* redactUrl */.BO)(location.url), '', undefined, 'a URL with credentials in it is refused: they would end up in logs, labels and reports (serve the file without them, or pin it with #sha256=)');
    }
    // A presigned URL's query is a credential: masked everywhere, and never shown or recorded.
    if (location.kind === 'url')
        for (const secret of (0,secrets/* querySecrets */.W4)(location.url))
            for (const form of (0,secrets/* registerSecret */.cl)(secret))
                ctx.log.secret(form);
    const shown = location.kind === 'url' ? (0,secrets/* withoutQuery */.j$)(location.url) : location.path;
    let text;
    let recorded;
    let unpinned;
    let fetchedSha256;
    if (location.kind === 'url') {
        const fetched = await ctx.fetcher.fetch(location.url);
        text = fetched.text;
        fetchedSha256 = fetched.sha256;
        // An explicit URL without a pin patches whatever the server hands out that night: say how to pin it.
        if (source.kind === undefined && parsePinnedUrl(location.url).pin === undefined) {
            const pin = `#sha256=${fetched.sha256}`;
            const hasQuery = new URL(location.url).search !== '';
            unpinned = `patch file ${shown} is not pinned: whoever can change the file there changes what is patched; pin the file that was downloaded ${hasQuery ? `by adding ${pin} to its URL` : `by writing ${shown}${pin}`}`;
        }
    }
    else {
        const bytes = await readLocalBytes(location.path, ctx.cwd).catch((error) => withoutCheckout(error, fullPath(location.path, ctx.cwd), ctx.workspace));
        text = bytes.toString('utf8');
        // The label records the file by what it is, not by how its path was typed (reproducible digests).
        const name = await (0,src_files/* canonicalFileName */.mQ)(fullPath(location.path, ctx.cwd), ctx.workspace);
        recorded = `${name}#sha256=${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
    }
    const kind = source.kind ?? (location.kind === 'url' ? 'url' : 'file');
    const file = parsePatchFile(text, {
        ...source,
        kind,
        location: shown,
        ...(recorded ? { recorded } : {}),
        ...(fetchedSha256 ? { fetchedSha256 } : {}),
    });
    (0,scope/* checkScope */.D)(file);
    if (unpinned)
        file.warnings.push(unpinned);
    for (const w of file.warnings)
        ctx.log.warning(w);
    return file;
}
/** The `patches` input, in the order given (that order decides conflicts): local paths and URLs. */
async function loadPatchFiles(entries, ctx) {
    const files = [];
    for (const entry of entries) {
        files.push(await readPatchFile(URL_SCHEME.test(entry) ? { kind: 'url', url: entry } : { kind: 'path', path: entry }, {}, ctx));
    }
    return files;
}
async function walk(dir, depth, out) {
    if (depth < 0)
        return;
    let entries;
    try {
        entries = await (0,external_node_fs_promises_.readdir)(dir, { withFileTypes: true });
    }
    catch {
        return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.name === 'node_modules' || e.name === '.git')
            continue;
        const full = (0,external_node_path_.join)(dir, e.name);
        if (e.isDirectory())
            await walk(full, depth - 1, out);
        else if (e.isFile())
            out.push(full);
    }
}
function globSegmentsMatch(pattern, path) {
    if (pattern.length === 0)
        return path.length === 0;
    const [head, ...rest] = pattern;
    if (head === '**') {
        for (let i = 0; i <= path.length; i++)
            if (globSegmentsMatch(rest, path.slice(i)))
                return true;
        return false;
    }
    return path.length > 0 && (0,glob/* globMatch */.eu)(head, path[0]) && globSegmentsMatch(rest, path.slice(1));
}
/** Expands a `buildpacks` entry: a buildpack.toml, a directory searched for them, or a glob (with `**`). */
async function expandBuildpackTomls(entry, cwd) {
    const full = (0,external_node_path_.isAbsolute)(entry) ? entry : (0,external_node_path_.resolve)(cwd, entry);
    if (!/[*?[]/.test(entry)) {
        const info = await (0,external_node_fs_promises_.stat)(full).catch(() => undefined);
        if (!info)
            throw new errors/* UsageError */.eb(`buildpacks: "${entry}" does not exist`);
        if (info.isFile())
            return [full];
        const found = [];
        await walk(full, 6, found);
        return found.filter((f) => f.endsWith(`${external_node_path_.sep}buildpack.toml`));
    }
    return (await expandGlob(full)).filter((f) => f.endsWith('buildpack.toml'));
}
/** The regular files an absolute glob (`*`, `?`, `[…]`, `**`) matches, in name order. */
async function expandGlob(full) {
    const parts = full.split(external_node_path_.sep);
    const firstGlob = parts.findIndex((p) => /[*?[]/.test(p));
    if (firstGlob < 0)
        return [full];
    const base = parts.slice(0, firstGlob).join(external_node_path_.sep) || external_node_path_.sep;
    const pattern = parts.slice(firstGlob);
    const files = [];
    await walk(base, 12, files);
    return files.filter((f) => globSegmentsMatch(pattern, (0,external_node_path_.relative)(base, f).split(external_node_path_.sep)));
}
/** Patch files published by buildpack.toml files (the `buildpacks` input), each scoped to its buildpack. */
async function loadBuildpackTomlFiles(entries, ctx) {
    const files = [];
    for (const entry of entries) {
        const tomls = await expandBuildpackTomls(entry, ctx.cwd);
        if (tomls.length === 0)
            ctx.log.warning(`buildpacks: "${entry}" matched no buildpack.toml`);
        for (const toml of tomls) {
            const shown = (0,external_node_path_.relative)(ctx.cwd, toml) || toml;
            files.push(...(await filesFromToml(await readLocal(toml, ctx.cwd, 'buildpack.toml'), shown, (0,external_node_path_.dirname)(toml), ctx)));
        }
    }
    return files;
}
async function filesFromToml(text, shown, dir, ctx, lookedUp) {
    const refs = parseBuildpackToml(text, shown);
    if (lookedUp && (refs.id !== lookedUp.id || refs.version !== lookedUp.version)) {
        // The builder's label and the file disagree: trusting the file would let one buildpack's
        // layer publish patches in another's name.
        throw new errors/* PatchFileError */.zM(shown, 'buildpack.id', `${refs.id}@${refs.version}`, `builder ${lookedUp.builder} lists layer ${lookedUp.layer} for buildpack ${lookedUp.id}@${lookedUp.version}, but the buildpack.toml in it is for another buildpack; its patch files are not trusted`, scope/* SCOPE_VIOLATION */.F);
    }
    const out = [];
    const read = async (uri, platform) => {
        const location = resolveReferenceUri(uri, dir);
        if (location.kind === 'path' && dir === undefined) {
            throw new errors/* PatchFileError */.zM(shown, 'layer-patch.reference_uri', uri, 'a buildpack.toml read from an image can only point at URLs');
        }
        const source = {
            kind: 'buildpack',
            buildpack: refs.id,
            via: shown,
        };
        if (platform)
            source.platform = platform;
        out.push(await readPatchFile(location, source, ctx));
    };
    for (const uri of refs.refs)
        await read(uri);
    for (const t of refs.targeted) {
        const platform = {};
        if (t.os)
            platform.os = t.os;
        if (t.arch)
            platform.arch = t.arch;
        if (t.variant)
            platform.variant = t.variant;
        for (const uri of t.refs)
            await read(uri, platform);
    }
    return out;
}
/**
 * Patch files that the buildpacks an app image was built with publish, found through builder or
 * buildpackage images. A buildpack no builder contains is a warning, not an error.
 */
async function loadBuilderFiles(reader, builders, buildpacks, platform, ctx) {
    const files = [];
    const warnings = [];
    for (const bp of buildpacks) {
        const found = await reader.find(builders, bp.key, bp.version, platform);
        if (!found) {
            warnings.push(`buildpack ${bp.key}@${bp.version} is in the app image but in none of the builder images; its patch files (if any) were not read`);
            continue;
        }
        files.push(...(await filesFromToml(found.text, found.via, undefined, ctx, found)));
    }
    return { files, warnings };
}

// EXTERNAL MODULE: ./src/patches/types.ts
var patches_types = __nccwpck_require__(34527);
;// CONCATENATED MODULE: ./src/patches/unselected.ts

/**
 * The run warnings for patches that selected no layer in any image of the run: a typo'd buildpack id
 * (`node` for `example/node`) must not leave a nightly job green and idle. A patch that selects nothing
 * in some images but something in others is normal for a fleet-wide file and stays quiet, as does one
 * whose targets are already what its patch image put there (a re-run). Only images that were read count:
 * when none was, nothing is known about the patches.
 */
function selectsNothing(images, patches) {
    const read = images.filter((i) => i.platforms.length > 0);
    if (read.length === 0)
        return [];
    const used = new Set();
    const misses = new Map();
    for (const image of read) {
        for (const { plan } of image.platforms) {
            for (const d of [...plan.swaps, ...plan.skipped, ...plan.refused, ...plan.unpatched])
                used.add(d.patch);
            for (const o of plan.overrides)
                used.add(o.patch).add(o.by);
            for (const u of plan.unmatched) {
                if (u.kind === 'already-patched')
                    used.add(u.patch);
                else
                    misses.set(u.patch, [...(misses.get(u.patch) ?? []), { image: image.input, unmatched: u }]);
            }
        }
    }
    const n = read.length;
    return patches.flatMap((patch) => {
        const missed = misses.get(patch);
        if (used.has(patch) || !missed)
            return [];
        const first = missed[0];
        const images = n === 1 ? 'the image' : `any of the ${n} images`;
        const where = n === 1 ? '' : `; in ${first.image}`;
        return [
            `patch ${patch.where} of ${patch.source.location} (${(0,patches_types/* describeSelector */.r)(patch)}) selects no layer in ${images}${where}: ${first.unmatched.reason}`,
        ];
    });
}

// EXTERNAL MODULE: ./src/rebase/types.ts
var rebase_types = __nccwpck_require__(74693);
// EXTERNAL MODULE: ./src/report/markdown.ts + 1 modules
var markdown = __nccwpck_require__(60273);
// EXTERNAL MODULE: ./src/report/words.ts
var words = __nccwpck_require__(72691);
;// CONCATENATED MODULE: ./src/report/log-lines.ts



/**
 * The action log's account of one image (the CLI's with --verbose): each swap, each vulnerability it fixes,
 * then the image's outcome in one line.
 */
function logLines(result, dryRun) {
    return [
        ...swapLines(result, dryRun),
        ...fixLines(result, dryRun),
        // The reference and the status once: `app:1: refused, nothing was pushed: …`, not `app:1: refused: app:1: refused, …`.
        result.error || result.note
            ? (0,markdown/* problemLine */.YK)(result)
            : `${result.input}: ${(0,words/* statusWord */.Hm)(result.status)} ${result.digest ?? ''}`,
    ];
}
/** What changed: `would swap acme/jre/jre 17.0.8 → 17.0.9 (linux/amd64) from …`, per swap. */
function swapLines(result, dryRun) {
    const verb = (0,words/* swapVerb */.Jl)(result, dryRun);
    return result.platforms.flatMap((p) => p.plan.swaps.map((s) => {
        const platform = result.platforms.length > 1 ? ` (${p.platform})` : '';
        return `${verb} ${(0,rebase_types/* targetName */.j)(s.target)}${(0,rebase_types/* versionWords */.W)(s)}${platform} from ${s.patchImage.reference}`;
    }));
}
/** What the swaps fix: `fixes CVE-2023-22081 (high) in bellsoft-jre 17.0.8 → 17.0.9`. */
function fixLines(result, dryRun) {
    const verb = (0,words/* fixVerb */.v7)(result, dryRun);
    return result.platforms.flatMap((p) => (p.vulnerabilities?.fixed ?? []).map((f) => {
        const platform = result.platforms.length > 1 ? ` (${p.platform})` : '';
        return `${verb} ${f.id} (${f.severity}) in ${f.package} ${f.from} ${words/* ARROW */._v} ${f.to ?? '?'}${platform}`;
    }));
}

// EXTERNAL MODULE: ./src/rebase/readers.ts
var readers = __nccwpck_require__(77384);
// EXTERNAL MODULE: ./src/vulns/reports.ts
var vulns_reports = __nccwpck_require__(51291);
;// CONCATENATED MODULE: ./src/vulns/load.ts




/**
 * The `vulnerability-reports` entries: paths or globs, relative to the workspace. A path that does
 * not exist or a report that is malformed fails the run before anything is pushed; a glob that
 * matches nothing is a warning (the scan step may have been skipped).
 */
async function loadVulnerabilityReports(entries, cwd) {
    const reports = [];
    const warnings = [];
    const seen = new Set();
    for (const entry of entries) {
        const full = (0,external_node_path_.isAbsolute)(entry) ? entry : (0,external_node_path_.resolve)(cwd, entry);
        const files = /[*?[]/.test(entry) ? await expandGlob(full) : [full];
        if (files.length === 0)
            warnings.push(`vulnerability-reports: "${entry}" matches no file`);
        for (const file of files) {
            if (seen.has(file))
                continue;
            seen.add(file);
            const shown = (0,external_node_path_.isAbsolute)(entry) ? file : (0,external_node_path_.relative)(cwd, file);
            const text = (await (0,src_files/* readRegularFile */.XF)(file, vulns_reports/* MAX_REPORT_BYTES */.WA, 'vulnerability report')).toString('utf8');
            reports.push((0,vulns_reports/* parseVulnerabilityReport */.ui)(text, shown));
        }
    }
    return { reports, warnings };
}

// EXTERNAL MODULE: ./src/signing/lookups.ts
var lookups = __nccwpck_require__(36028);
// EXTERNAL MODULE: ./src/rebase/engine.ts + 6 modules
var rebase_engine = __nccwpck_require__(28801);
;// CONCATENATED MODULE: ./src/run.ts
















const DEFAULT_IMAGE_TIMEOUT_MS = 10 * 60 * 1000;
/** `http://host:port/` as well as `host:port`: people paste registry URLs. */
function registryHosts(entries) {
    return entries.map((r) => r.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''));
}
/**
 * Every reference is checked before anything is read: a malformed one is a usage mistake that stops the
 * run (exit 2 in the CLI), not one failed image among the others.
 */
function checkImageReferences(entries, input) {
    for (const entry of entries) {
        try {
            (0,oci_reference/* parseReference */.F2)(entry);
        }
        catch (error) {
            if (!(error instanceof errors/* InvalidReferenceError */.x_))
                throw error;
            throw new errors/* UsageError */.eb(input ? `${input}: ${error.message}` : error.message);
        }
    }
}
async function rebaseImages(options) {
    const { log } = options;
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    if (options.images.length === 0)
        throw new errors/* UsageError */.eb('no image given: set the "image" input (one reference per line)');
    if (options.tags.length > 0 && options.images.length > 1) {
        throw new errors/* UsageError */.eb('"tags" can only be used with a single image; with several images each goes back to its own tag');
    }
    checkImageReferences(options.images);
    checkImageReferences(options.tags, 'tags');
    const reportEntries = options.vulnerabilityReports ?? [];
    if (options.requireFix && reportEntries.length === 0) {
        throw new errors/* UsageError */.eb("require-fix needs vulnerability-reports: give the scanner's JSON report of each image (Trivy --format json, Grype -o json), or drop require-fix");
    }
    if (options.runImage && options.runImage !== 'auto') {
        try {
            (0,oci_reference/* parseReference */.F2)(options.runImage);
        }
        catch (error) {
            throw new errors/* UsageError */.eb(`run-image: ${error.message}`);
        }
    }
    const insecureRegistries = registryHosts(options.insecureRegistries);
    const stores = new oci_stores/* Stores */.F({
        credentials: options.credentials,
        log,
        insecureRegistries,
        ...(options.transport ? { transport: options.transport } : {}),
    });
    const ctx = {
        cwd: options.cwd,
        ...(options.workspace ? { workspace: options.workspace } : {}),
        log,
        fetcher: new PatchFileFetcher({ log }),
    };
    // Lifecycle applies a file's patches in order, so the later of two that select one layer is what
    // the image ends with. Buildpack-published files come first and explicit ones last, each in the
    // order given: an explicit patch overrides a published one.
    const explicit = await loadPatchFiles(options.patches, ctx);
    const files = [...(await loadBuildpackTomlFiles(options.buildpacks, ctx)), ...explicit];
    // Reports are read and checked before anything else happens: a malformed one stops the run here.
    const scanned = options.vulnerabilityReports && options.vulnerabilityReports.length > 0
        ? await loadVulnerabilityReports(options.vulnerabilityReports, options.cwd)
        : undefined;
    if (options.requireFix && scanned?.reports.length === 0) {
        throw new errors/* UsageError */.eb(`require-fix: vulnerability-reports ${reportEntries.map((e) => `"${e}"`).join(', ')} found no report, so every image would be left as it is: check the paths (did the scan step run?), or drop require-fix`);
    }
    for (const w of scanned?.warnings ?? [])
        log.warning(w);
    const patches = files.flatMap((f) => f.patches);
    const { resolver, readTar } = (0,readers/* patchImageReaders */.C)(stores, log, options.cacheDir, options.verifiedCache !== false);
    const reader = new BuilderReader(stores, log);
    const published = options.builders.length === 0
        ? undefined
        : (buildpacks, platform) => loadBuilderFiles(reader, options.builders, buildpacks, platform, ctx);
    const warnings = [...files.flatMap((f) => f.warnings), ...(scanned?.warnings ?? [])];
    if (patches.length === 0 && !published && !options.runImage) {
        const warning = 'no patches, builders or run image given: every image is left as it is';
        log.warning(warning);
        warnings.push(warning);
    }
    const engine = {
        stores,
        resolver,
        patches,
        log,
        force: options.force,
        dryRun: options.dryRun,
        tags: options.tags,
        readTar,
        ...(published ? { published } : {}),
        runImage: options.runImage,
        uploads: new Map(),
        signatureLookups: (0,lookups/* signatureLookups */._)(),
        ...(options.signing ? { signing: options.signing } : {}),
        startedAt,
        ...(scanned || options.requireFix ? { reports: scanned?.reports ?? [] } : {}),
        ...(options.requireFix ? { requireFix: options.requireFix } : {}),
    };
    const limit = Math.max(1, options.concurrency);
    const timeoutMs = options.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
    // Phase 1 reads, plans and verifies every image; nothing is written until all are done, so that a
    // scope violation found in any image (a published patch writing outside its layer) stops the run
    // with nothing pushed anywhere.
    const logs = options.images.map(() => (0,src_log/* heldLog */.eS)(log));
    const prepared = await (0,bounded/* mapBounded */.y)(options.images.map((image, i) => ({ image, log: logs[i] })), limit, ({ image, log: imageLog }) => (0,deadline/* withDeadline */.NE)(timeoutMs, () => (0,rebase_engine/* prepareImage */.Fs)(image, { ...engine, log: imageLog })));
    for (const report of scanned?.reports ?? []) {
        if (prepared.some((p) => p.result.reports?.includes(report.file)))
            continue;
        const names = [report.imageId, ...report.manifestDigests].filter(Boolean).join(', ');
        const warning = `vulnerability report ${report.file} describes none of the input images (it names ${names || 'no image digest'}); it was not used`;
        log.warning(warning);
        warnings.push(warning);
    }
    const violation = prepared.find((p) => p.result.error?.code === scope/* SCOPE_VIOLATION */.F);
    if (violation)
        throw new errors/* LayerRebaseError */.wN(scope/* SCOPE_VIOLATION */.F, violation.result.error.message);
    // Phase 2: each image's push, ending at its commit point (the tag check, then the tags).
    const results = await (0,bounded/* mapBounded */.y)(prepared.map((p, i) => ({ p, log: logs[i] })), limit, 
    // The time an image spent being planned counts against its limit; waiting for the others does not.
    ({ p, log: imageLog }) => (0,deadline/* withDeadline */.NE)(timeoutMs - p.result.durationMs, () => (0,rebase_engine/* commitImage */.$r)(p, { ...engine, log: imageLog })));
    for (const [i, result] of results.entries()) {
        const imageLog = logs[i];
        for (const w of result.warnings)
            log.warning(w);
        for (const line of logLines(result, options.dryRun))
            imageLog.info(line);
        await imageLog.replay(`layer-rebase ${result.input}`);
    }
    // A patch that selects nothing in any image is most likely a typo: said once, for the whole run.
    const explicitPatches = explicit.flatMap((f) => f.patches);
    for (const w of selectsNothing(results, explicitPatches)) {
        log.warning(w);
        warnings.push(w);
    }
    return {
        dryRun: options.dryRun,
        startedAt,
        ...(scanned ? { vulnerabilityReports: scanned.reports.map((r) => r.file) } : {}),
        images: results,
        warnings,
        patchCount: patches.length,
        sources: files.map((f) => f.source.location),
        builderDownloads: reader.downloads,
        durationMs: Date.now() - started,
    };
}


/***/ }),

/***/ 73677:
/***/ ((__unused_webpack_module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(78877);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_v8__WEBPACK_IMPORTED_MODULE_0__);

/**
 * undici parses HTTP with llhttp, a WebAssembly module, which V8 compiles twice: with Liftoff at once,
 * then again with TurboFan on a background thread. For a run of this length the second compile only
 * costs — 37 MiB of peak memory and 0.2 s, for the process waits for it before it exits — while
 * Liftoff's code parses headers and skips over bodies just as well. Imported first by both entry
 * points, before the first connection compiles the module.
 */
(0,node_v8__WEBPACK_IMPORTED_MODULE_0__.setFlagsFromString)('--liftoff-only');
/**
 * On V8 13 (Node 24) `--liftoff-only` set here, after start-up, no longer stops the tier-up (on the
 * command line it does, through the flags it implies, which a flag set at run time does not re-derive):
 * llhttp was compiled again on a worker thread whose malloc arena then kept 10 MiB for the rest of the
 * run. These two, set directly, stop it; Node 20 takes them too.
 */
(0,node_v8__WEBPACK_IMPORTED_MODULE_0__.setFlagsFromString)('--no-wasm-tier-up');
(0,node_v8__WEBPACK_IMPORTED_MODULE_0__.setFlagsFromString)('--no-wasm-dynamic-tiering');
/**
 * The young generation stays at its first size instead of growing with the allocation rate. A copy
 * allocates little JavaScript but many large buffers, each freed only when V8 collects its
 * ArrayBuffer: in a young generation that grew, collections came every ~10 MiB of buffers and dead
 * ones piled up (with compression.ts's collections, a 512 MiB copy peaked at 90 MiB instead of 106,
 * a fleet of 100 at 75 instead of 87, and took less CPU, not more).
 */
(0,node_v8__WEBPACK_IMPORTED_MODULE_0__.setFlagsFromString)('--semi-space-growth-factor=1');


/***/ }),

/***/ 27194:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A$: () => (/* binding */ hasUserInfo),
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   W4: () => (/* binding */ querySecrets),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   j$: () => (/* binding */ withoutQuery)
/* harmony export */ });
/**
 * Every credential and token this process sends, in each form it may be echoed back in (as is, and
 * base64 as in a Basic header), so that nothing we show — log, outputs, summary, report, labels —
 * ever carries one. The log port registers each with the runner too (core.setSecret).
 */
const secrets = new Set();
/** Registers a secret and its encoded forms; returns every form, for the log to mask as well. */
function registerSecret(value, username) {
    if (!value)
        return [];
    const forms = [value, Buffer.from(value).toString('base64')];
    if (username !== undefined)
        forms.push(Buffer.from(`${username}:${value}`).toString('base64'));
    for (const f of forms)
        secrets.add(f);
    return forms;
}
/** The text with every registered secret replaced by `***`, longest first. */
function redact(text) {
    let out = text;
    for (const s of [...secrets].sort((a, b) => b.length - a.length))
        out = out.split(s).join('***');
    return out;
}
/** A URL as it may be displayed: user-info replaced by `***`. */
function redactUrl(url) {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}
/** Whether a URL carries user-info (credentials belong in the docker config, never in a URL). */
function hasUserInfo(url) {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*@/i.test(url);
}
/**
 * A URL as it may be shown and recorded: scheme, host, path and the `#sha256=` pin, without its
 * query — a presigned URL's query (`X-Amz-Signature`, `sig`, `token`) is a credential, and what is
 * recorded in an image's label is readable by everyone who can pull it.
 */
function withoutQuery(url) {
    const q = url.indexOf('?');
    if (q < 0)
        return url;
    const hash = url.indexOf('#', q);
    return `${url.slice(0, q)}${hash >= 0 ? url.slice(hash) : ''}`;
}
/** The secret parts of a URL's query: the whole query and each value, to be masked wherever they appear. */
function querySecrets(url) {
    const q = url.indexOf('?');
    if (q < 0)
        return [];
    const hash = url.indexOf('#', q);
    const query = url.slice(q + 1, hash >= 0 ? hash : undefined);
    const values = new URLSearchParams(query);
    const parts = [query, ...[...values.values()].filter((v) => v.length >= 8)];
    for (const [, v] of values)
        if (v.length >= 8)
            parts.push(encodeURIComponent(v));
    return [...new Set(parts.filter(Boolean))];
}


/***/ }),

/***/ 57864:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D2: () => (/* binding */ provenanceStatement),
/* harmony export */   LF: () => (/* binding */ runnerIdentity),
/* harmony export */   Xt: () => (/* binding */ appliedPatchesStatement),
/* harmony export */   jb: () => (/* binding */ APPLIED_PATCHES_V1),
/* harmony export */   us: () => (/* binding */ SLSA_PROVENANCE_V1)
/* harmony export */ });
/* unused harmony export REBASE_BUILD_TYPE */
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(27194);

/**
 * The in-toto statements a run attests for each manifest it pushes (buildpacks RFC 298 asks a rebase to
 * re-attest what it changes). Pure: the same facts give the same bytes.
 *
 * - SLSA provenance v1 for the new digest: the operation (buildType), the inputs that decide the result
 *   (externalParameters), and every artifact it was made from by digest (resolvedDependencies). What the
 *   replaced image's own provenance said is not copied: it is referenced by the replaced image's digest.
 * - The applied-patches predicate: what was patched, as the `predicate` output has it.
 */
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const APPLIED_PATCHES_V1 = 'https://github.com/layer-rebase/layer-rebase/applied-patches/v1';
const REBASE_BUILD_TYPE = 'https://github.com/layer-rebase/layer-rebase/rebase/v1';
const hexOf = (digest) => digest.slice(digest.indexOf(':') + 1);
/** `oci://ghcr.io/acme/app@sha256:…` with its digest: how SLSA names an image dependency. */
function imageDependency(reference, name) {
    const at = reference.lastIndexOf('@');
    const digest = reference.slice(at + 1);
    return {
        uri: `oci://${reference}`,
        digest: { [digest.slice(0, digest.indexOf(':'))]: hexOf(digest) },
        ...(name ? { name } : {}),
    };
}
/** A patch file: its canonical name and sha256 (`#sha256=` of the label), a URL with its pin when pinned. */
function fileDependencies(source, fetched = []) {
    const m = /^(.*?)#sha256=([0-9a-f]{64})(?: \(buildpack [^)]*\))?$/.exec(source);
    if (m)
        return [{ uri: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutQuery */ .j$)(m[1]), digest: { sha256: m[2] } }];
    if (fetched.length === 0)
        return [{ uri: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutQuery */ .j$)(source) }];
    return [...new Set(fetched)].sort().map((sha256) => ({ uri: (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutQuery */ .j$)(source), digest: { sha256 } }));
}
const statement = (subject, predicateType, predicate) => Buffer.from(JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: subject.repository, digest: { sha256: hexOf(subject.digest) } }],
    predicateType,
    predicate,
}));
function provenanceStatement(f) {
    const dependencies = [
        imageDependency(`${f.replaced.repository}@${f.replaced.digest}`, 'replaced image'),
        ...[...new Set(f.patchImages)].sort().map((p) => imageDependency(p, 'patch image')),
        ...(f.runImageResolved ? [imageDependency(f.runImageResolved, 'run image')] : []),
        ...[...new Set(f.patchSources)].sort().flatMap((p) => fileDependencies(p, f.fetched?.get(p))),
    ];
    return statement(f.subject, SLSA_PROVENANCE_V1, {
        buildDefinition: {
            buildType: REBASE_BUILD_TYPE,
            externalParameters: {
                image: f.image,
                patches: [...new Set(f.patchSources.map((s) => (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .withoutQuery */ .j$)(s)))].sort(),
                force: f.force,
                runImage: f.runImage,
            },
            internalParameters: { tool: `layer-rebase ${f.version}` },
            resolvedDependencies: dependencies,
        },
        runDetails: {
            builder: { id: f.builderId },
            metadata: {
                ...(f.invocationId ? { invocationId: f.invocationId } : {}),
                startedOn: f.startedOn,
            },
        },
    });
}
function appliedPatchesStatement(subject, predicate) {
    return statement(subject, APPLIED_PATCHES_V1, predicate);
}
/** GitHub's names for the run, from the runner's environment: the workflow (builder) and the run (invocation). */
function runnerIdentity(env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return {
        ...(env.GITHUB_WORKFLOW_REF ? { builderId: `${server}/${env.GITHUB_WORKFLOW_REF}` } : {}),
        ...(env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
            ? {
                invocationId: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
            }
            : {}),
    };
}


/***/ }),

/***/ 75975:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ boundedFetch)
/* harmony export */ });
/* unused harmony exports SIGNING_SERVICE_TIMEOUT_MS, SIGNING_SERVICE_MAX_BYTES, BoundedFetchError */
const SIGNING_SERVICE_TIMEOUT_MS = 60_000;
/** Fulcio's chain is a few kB; a token or an attestation answer less. */
const SIGNING_SERVICE_MAX_BYTES = 1024 * 1024;
class BoundedFetchError extends Error {
}
async function boundedFetch(url, init, timeoutMs = SIGNING_SERVICE_TIMEOUT_MS, maxBytes = SIGNING_SERVICE_MAX_BYTES) {
    const signal = AbortSignal.timeout(timeoutMs);
    let res;
    try {
        res = await fetch(url, { ...init, signal });
    }
    catch (error) {
        throw new BoundedFetchError(failure(error, timeoutMs));
    }
    const chunks = [];
    let size = 0;
    try {
        if (res.body)
            for await (const chunk of res.body) {
                size += chunk.byteLength;
                if (size > maxBytes) {
                    await res.body.cancel().catch(() => undefined);
                    throw new BoundedFetchError(`answered with more than ${maxBytes} bytes`);
                }
                chunks.push(chunk);
            }
    }
    catch (error) {
        if (error instanceof BoundedFetchError)
            throw error;
        throw new BoundedFetchError(failure(error, timeoutMs));
    }
    return { status: res.status, ok: res.ok, text: Buffer.concat(chunks).toString('utf8') };
}
function failure(error, timeoutMs) {
    const e = error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return `did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
    const cause = e.cause?.message;
    return `did not answer (${cause ?? e.message})`;
}


/***/ }),

/***/ 2207:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Am: () => (/* binding */ dssePae),
/* harmony export */   GR: () => (/* binding */ bundleReferrer),
/* harmony export */   Jv: () => (/* binding */ referrersTagIndex),
/* harmony export */   Kq: () => (/* binding */ simpleSigningPayload),
/* harmony export */   O2: () => (/* binding */ cosignSignStatement),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   YX: () => (/* binding */ ANNOTATION),
/* harmony export */   gi: () => (/* binding */ EMPTY_DESCRIPTOR),
/* harmony export */   t9: () => (/* binding */ digestTag),
/* harmony export */   ty: () => (/* binding */ legacySignatureImage)
/* harmony export */ });
/* unused harmony exports SIMPLE_SIGNING_MEDIA_TYPE, BUNDLE_MEDIA_TYPE, COSIGN_SIGN_PREDICATE, EMPTY_MEDIA_TYPE, EMPTY_BLOB */
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(68825);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(29217);


const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
/** The OCI empty descriptor's content: `{}`. */
const EMPTY_BLOB = Buffer.from('{}');
const EMPTY_DESCRIPTOR = {
    mediaType: EMPTY_MEDIA_TYPE,
    digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(EMPTY_BLOB),
    size: EMPTY_BLOB.length,
};
const ANNOTATION = {
    signature: 'dev.cosignproject.cosign/signature',
    certificate: 'dev.sigstore.cosign/certificate',
    chain: 'dev.sigstore.cosign/chain',
    bundle: 'dev.sigstore.cosign/bundle',
    timestamp: 'dev.sigstore.cosign/rfc3161timestamp',
    bundleContent: 'dev.sigstore.bundle.content',
    bundlePredicateType: 'dev.sigstore.bundle.predicateType',
    created: 'org.opencontainers.image.created',
};
/** `sha256-<hex>`: cosign's tag stem and the OCI referrers tag schema's tag for a digest. */
function digestTag(digest) {
    return digest.replace(':', '-');
}
/**
 * The simple-signing payload cosign signs for an image (pkg/types/payload: Go's encoding of the struct,
 * keys in this order): the repository and the manifest digest; `optional` null when there are no
 * annotations.
 */
function simpleSigningPayload(dockerReference, digest) {
    return Buffer.from(JSON.stringify({
        critical: {
            identity: { 'docker-reference': dockerReference },
            image: { 'docker-manifest-digest': digest },
            type: 'cosign container image signature',
        },
        optional: null,
    }));
}
/** The in-toto v1 statement `cosign sign` v3 signs: the digest alone as subject, an empty predicate. */
function cosignSignStatement(digest) {
    const [algorithm, hex] = digest.split(':');
    return Buffer.from(JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ digest: { [algorithm]: hex } }],
        predicateType: COSIGN_SIGN_PREDICATE,
        predicate: {},
    }));
}
/** DSSE's pre-authentication encoding: what is signed for an envelope (secure-systems-lab/dsse protocol.md). */
function dssePae(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `),
        type,
        Buffer.from(` ${payload.length} `),
        payload,
    ]);
}
const manifestBytes = (value, mediaType) => {
    const bytes = Buffer.from(JSON.stringify(value));
    return { bytes, mediaType, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(bytes) };
};
/**
 * The `.sig` image with `layer` added to the layers it already has (other signers' signatures are never
 * dropped); undefined when an identical signature is already there.
 */
function legacySignatureImage(existing, layer) {
    const digest = (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(layer.payload);
    const signature = layer.annotations[ANNOTATION.signature];
    const layers = [...(existing?.layers ?? [])];
    const same = (l) => {
        const theirs = l.annotations?.[ANNOTATION.signature];
        return (l.digest === digest &&
            theirs !== undefined &&
            (theirs === signature || layer.signedAlready?.(theirs) === true));
    };
    if (layers.some(same))
        return undefined;
    layers.push({
        mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
        size: layer.payload.length,
        digest,
        annotations: layer.annotations,
    });
    // go-containerregistry's config for such an image: the payloads are its uncompressed layers.
    const config = Buffer.from(JSON.stringify({
        architecture: '',
        created: '0001-01-01T00:00:00Z',
        history: layers.map(() => ({ created: '0001-01-01T00:00:00Z' })),
        os: '',
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
        config: {},
    }));
    const manifest = {
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest,
        config: { mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociConfig, size: config.length, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(config) },
        layers,
    };
    return {
        manifest: manifestBytes(manifest, _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest),
        blobs: [
            { digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(config), bytes: config },
            { digest, bytes: layer.payload },
        ],
    };
}
/** The referrer manifest that stores a bundle for `subject`, as cosign v3 writes it (signature or attestation). */
function bundleReferrer(bundle, subject, created, predicateType = COSIGN_SIGN_PREDICATE) {
    const manifest = {
        schemaVersion: 2,
        mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest,
        artifactType: BUNDLE_MEDIA_TYPE,
        config: EMPTY_DESCRIPTOR,
        layers: [{ mediaType: BUNDLE_MEDIA_TYPE, size: bundle.length, digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(bundle) }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations: {
            [ANNOTATION.bundleContent]: 'dsse-envelope',
            [ANNOTATION.bundlePredicateType]: predicateType,
            [ANNOTATION.created]: created,
        },
    };
    return {
        manifest: manifestBytes(manifest, _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest),
        blobs: [
            { digest: EMPTY_DESCRIPTOR.digest, bytes: EMPTY_BLOB },
            { digest: (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256 */ .sc)(bundle), bytes: bundle },
        ],
    };
}
/**
 * The referrers tag schema's index (OCI distribution spec, "Referrers Tag Schema") with `referrer`
 * listed: its entries carry the referrer's artifactType and annotations; other entries are kept.
 * undefined when it is listed already.
 */
function referrersTagIndex(existing, referrer) {
    const manifests = [...(existing?.manifests ?? [])];
    if (manifests.some((m) => m.digest === referrer.digest))
        return undefined;
    const parsed = JSON.parse(referrer.bytes.toString('utf8'));
    manifests.push({
        mediaType: referrer.mediaType,
        digest: referrer.digest,
        size: referrer.bytes.length,
        ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
        ...(parsed.annotations ? { annotations: parsed.annotations } : {}),
    });
    return manifestBytes({ schemaVersion: 2, mediaType: _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociIndex, manifests }, _oci_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociIndex);
}


/***/ }),

/***/ 36028:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ signaturesOf),
/* harmony export */   _: () => (/* binding */ signatureLookups)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);
/* harmony import */ var _oci_registry_store_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(45026);
/* harmony import */ var _memo_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(75025);




function signatureLookups() {
    return { tagLists: new Map(), firstReferrers: new Map(), noReferrersApi: new Set() };
}
/** cosign's tags for a digest's signature, attestations and SBOM; the bare one is OCI's referrers tag schema. */
const COSIGN_SUFFIXES = [
    { suffix: '.sig', what: 'cosign signature' },
    { suffix: '.att', what: 'cosign attestation' },
    { suffix: '.sbom', what: 'cosign SBOM' },
    { suffix: '', what: 'referrers tag' },
];
/**
 * Signatures and attestations of the digests a push replaces: the OCI referrers API, the referrers tag
 * schema and cosign's tags. What is found cannot cover the new digest; nothing here is ever copied
 * to it. Best effort: a registry that cannot answer (no tag list permission, an error) only costs the
 * warning, never the push.
 */
async function signaturesOf(store, digests, lookups, log) {
    if (!(store instanceof _oci_registry_store_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryStore */ .X))
        return [];
    const found = [];
    try {
        const tags = await (0,_memo_js__WEBPACK_IMPORTED_MODULE_3__/* .once */ .O)(lookups.tagLists, store.name, () => store.listTags().then((t) => new Set(t), (error) => {
            log.debug(`${store.name}: could not list tags to look for signatures: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(error)}`);
            return undefined;
        }));
        for (const digest of digests) {
            const base = digest.replace(':', '-');
            for (const { suffix, what } of COSIGN_SUFFIXES)
                if (tags?.has(`${base}${suffix}`))
                    found.push(`${what} ${base}${suffix}`);
            const first = lookups.firstReferrers.get(store.registry);
            if (first)
                await first.catch(() => { });
            if (lookups.noReferrersApi.has(store.registry))
                continue;
            const asking = store.referrers(digest);
            if (!first)
                lookups.firstReferrers.set(store.registry, asking);
            const referrers = await asking;
            if (!referrers)
                lookups.noReferrersApi.add(store.registry);
            else if (referrers.length > 0) {
                const kinds = [...new Set(referrers.map((r) => r.artifactType ?? r.mediaType))].join(', ');
                found.push(`${referrers.length} referrer(s) of ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(digest)} (${kinds})`);
            }
        }
    }
    catch (error) {
        log.debug(`${store.name}: could not look for signatures: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeError */ .Uc)(error)}`);
    }
    return found;
}


/***/ }),

/***/ 42969:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ax: () => (/* binding */ suggestKey),
/* harmony export */   Rd: () => (/* binding */ suggestNames)
/* harmony export */ });
/* unused harmony export distance */
/** Edit distance, for "did you mean" hints on misspelled keys. */
function distance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return row[b.length];
}
/** The allowed key a misspelled or mis-cased one most likely means, if any. */
function suggestKey(key, allowed) {
    const folded = key.toLowerCase().replace(/_/g, '-');
    const exact = allowed.find((a) => a.toLowerCase() === folded);
    if (exact)
        return exact;
    let best;
    for (const a of allowed) {
        const d = distance(folded, a);
        if (d <= Math.max(1, Math.floor(a.length / 4)) && (!best || d < best.d))
            best = { key: a, d };
    }
    return best?.key;
}
const GLOB_CHARS = /[*?[\\]/;
/**
 * The names a selector that matched none of them most likely meant, nearest first (at most three): for a
 * plain name, one that differs only in case, the id it is the last part of (`node` -> `example/node`), or
 * one a typo away; for a glob, the glob with a namespace wildcard in front (`node*` within any
 * namespace: `*` never matches `/`) or what it matches ignoring case.
 */
function suggestNames(pattern, names, matches) {
    const unique = [...new Set(names)];
    const folded = pattern.toLowerCase();
    const out = [];
    const add = (name) => {
        if (!out.includes(name))
            out.push(name);
    };
    if (GLOB_CHARS.test(pattern)) {
        if (!pattern.includes('/') && unique.some((n) => matches(`*/${pattern}`, n)))
            add(`*/${pattern}`);
        for (const n of unique)
            if (matches(folded, n.toLowerCase()))
                add(n);
        return out.slice(0, 3);
    }
    const near = (a, b) => distance(a, b) <= Math.max(1, Math.floor(b.length / 4));
    const last = (n) => n.toLowerCase().split('/').pop();
    for (const n of unique)
        if (n.toLowerCase() === folded || last(n) === folded)
            add(n);
    const ranked = unique
        .map((n) => ({ n, d: Math.min(distance(folded, n.toLowerCase()), distance(folded, last(n))) }))
        .filter(({ n }) => near(folded, n.toLowerCase()) || near(folded, last(n)))
        .sort((a, b) => a.d - b.d);
    for (const { n } of ranked)
        add(n);
    return out.slice(0, 3);
}


/***/ }),

/***/ 23322:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ withTagLocks)
/* harmony export */ });
/**
 * One writer at a time per tag in this process. A tag move checks the tag and then moves it (two images
 * of one run that end in the same tag); a signature store reads a `.sig` or referrers tag, extends it and
 * writes it back (two images of one run that sign the same digest). Across processes the registry
 * offers no lock: the re-check or the read-back is the guard, and one request's window remains.
 */
const tagLocks = new Map();
/** Runs `fn` holding every key (`registry/repository:tag`), in a fixed order so that two callers never wait on each other. */
async function withTagLocks(keys, fn) {
    const unique = [...new Set(keys)].sort();
    const previous = unique.map((k) => tagLocks.get(k) ?? Promise.resolve());
    const mine = Promise.all(previous.map((p) => p.catch(() => { }))).then(fn);
    const settled = mine.catch(() => { });
    for (const k of unique)
        tagLocks.set(k, settled);
    try {
        return await mine;
    }
    finally {
        for (const k of unique)
            if (tagLocks.get(k) === settled)
                tagLocks.delete(k);
    }
}


/***/ }),

/***/ 82254:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B_: () => (/* binding */ stepsOf),
/* harmony export */   Tw: () => (/* binding */ undoMismatch),
/* harmony export */   ju: () => (/* binding */ markAlreadyPatched),
/* harmony export */   my: () => (/* binding */ appliedRecords)
/* harmony export */ });
/* harmony import */ var _cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92556);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(62148);
/* harmony import */ var _patches_glob_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(21302);




function isRecord(v) {
    if (typeof v !== 'object' || v === null)
        return false;
    const r = v;
    return (typeof r.target === 'string' &&
        typeof r.patchImage === 'string' &&
        (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(r.from) &&
        (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(r.to) &&
        (r.position === undefined || (Number.isSafeInteger(r.position) && r.position >= 0)) &&
        (r.tool === undefined || typeof r.tool === 'string') &&
        (r.replaced === undefined ||
            (typeof r.replaced === 'object' &&
                r.replaced !== null &&
                (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(r.replaced.manifest) &&
                (r.replaced.index === undefined ||
                    (0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(r.replaced.index)))));
}
/** The label's records, oldest first; undefined when the label is absent or not what this tool writes. */
function appliedRecords(config) {
    const text = config.config?.Labels?.[_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .APPLIED_PATCHES_LABEL */ .YE];
    if (text === undefined)
        return undefined;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    return Array.isArray(value) && value.every(isRecord) ? value : undefined;
}
const sameReplaced = (a, b) => a !== undefined && b !== undefined && a.manifest === b.manifest && a.index === b.index;
/** Records grouped into the runs that wrote them (one patch each), oldest first. */
function stepsOf(records) {
    const steps = [];
    for (const r of records) {
        const last = steps[steps.length - 1];
        if (last && sameReplaced(last.replaced, r.replaced))
            last.records.push(r);
        else
            steps.push({ records: [r], ...(r.replaced ? { replaced: r.replaced } : {}) });
    }
    return steps;
}
/**
 * Why `previous` is not what undoing `step` on `current` gives, or undefined when it is: the previous
 * image's label is the current one without the step, and every layer is the same except those the step
 * swapped (the recorded diffIDs back in place), the SBOM layer, and a run image the step rebased. A forged
 * or stale label never moves a tag to an unrelated image.
 */
function undoMismatch(current, previous, step) {
    const now = appliedRecords(current.config) ?? [];
    const before = appliedRecords(previous.config) ?? [];
    const expected = now.slice(0, now.length - step.records.length);
    if (JSON.stringify(before) !== JSON.stringify(expected))
        return 'its provenance label is not the current one without the last patch';
    const cur = current.config.rootfs.diff_ids;
    const prev = previous.config.rootfs.diff_ids;
    const runImage = step.records.find((r) => r.target === 'run-image');
    // With a run-image rebase, the base layers differ (and may differ in number); the app's layers above
    // them must still line up.
    const curBase = runImage ? cur.indexOf(runImage.to) : -1;
    const prevBase = runImage ? prev.indexOf(runImage.from) : -1;
    if (runImage && (curBase < 0 || prevBase < 0))
        return `the recorded run image top layer ${runImage.from} is not where the label says`;
    const curApp = cur.slice(curBase + 1);
    const prevApp = prev.slice(prevBase + 1);
    if (curApp.length !== prevApp.length)
        return `it has ${prevApp.length} app layers where the patched image has ${curApp.length}`;
    // Pairs, not a map by the new diffID: two entries sharing an id may be swapped to the same layer.
    const swaps = step.records.filter((r) => r !== runImage).map((r) => [r.to, r.from]);
    const recorded = (c, p) => swaps.some(([to, from]) => to === c && from === p);
    const sbomNow = current.metadata ? (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .sbomRef */ .FC)(current.metadata)?.sha : undefined;
    const sbomBefore = previous.metadata ? (0,_cnb_metadata_js__WEBPACK_IMPORTED_MODULE_0__/* .sbomRef */ .FC)(previous.metadata)?.sha : undefined;
    const curLayers = current.manifest.layers.slice(curBase + 1);
    const prevLayers = previous.manifest.layers.slice(prevBase + 1);
    for (let i = 0; i < curApp.length; i++) {
        const c = curApp[i];
        const p = prevApp[i];
        if (c === p) {
            if (curLayers[i]?.digest !== prevLayers[i]?.digest)
                return `layer ${i + curBase + 1} has another blob`;
            continue;
        }
        if (recorded(c, p))
            continue;
        if (c === sbomNow && p === sbomBefore)
            continue;
        return `layer ${i + curBase + 1} differs (${p} there, ${c} here) and the label records no such swap`;
    }
    const unplaced = swaps.filter(([to, from]) => !curApp.some((c, i) => c === to && prevApp[i] === from));
    if (unplaced.length > 0)
        return `the recorded swap to ${unplaced[0][0]} is not in the image`;
    return undefined;
}
/** A reference as the provenance label writes it (`formatReference`), or the text when it is none. */
function normalized(reference) {
    try {
        return (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .formatReference */ .FH)((0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(reference));
    }
    catch {
        return reference;
    }
}
/** Whether a label record's patch image (`reference@digest`) is this patch's image or one of its mirrors. */
function fromPatchImage(record, patch) {
    const reference = recordedReference(record);
    return [patch.patchImage, ...patch.mirrors].some((r) => normalized(r) === reference);
}
/** The reference of a record's patch image, without the digest the label adds. */
function recordedReference(record) {
    const at = record.patchImage.lastIndexOf('@');
    return at > 0 ? record.patchImage.slice(0, at) : record.patchImage;
}
/**
 * A re-run: patches that selected nothing because their target is already what their own patch image put
 * there in an earlier run (a launcher no longer in must-match-sha, a layer whose data selector named the
 * old version). The label says so; these are marked `already-patched` so that nothing reads as a mistake.
 */
function markAlreadyPatched(unmatched, metadata, records) {
    // The last record of each target: what the image holds now, if the tool put it there.
    const last = new Map(records.map((r) => [r.target, r]));
    return unmatched.map((u) => {
        const { patch } = u;
        if (patch.kind === 'launcher') {
            const sha = metadata.launcher?.sha;
            const r = last.get('launcher');
            if (!sha || !r || r.to !== sha || !fromPatchImage(r, patch))
                return u;
            return {
                ...u,
                kind: 'already-patched',
                reason: `already patched: the launcher ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .shortDigest */ .VK)(r.to)}${r.toVersion ? ` (${r.toVersion})` : ''} is what ${recordedReference(r)} put there in an earlier run; must-match-sha lists only the launchers it replaces`,
            };
        }
        const done = (metadata.buildpacks ?? []).flatMap((bp) => Object.entries(bp.layers ?? {})
            .filter(([name]) => (0,_patches_glob_js__WEBPACK_IMPORTED_MODULE_3__/* .globMatch */ .eu)(patch.buildpack, bp.key) && (0,_patches_glob_js__WEBPACK_IMPORTED_MODULE_3__/* .globMatch */ .eu)(patch.layer, name))
            .map(([name, layer]) => ({ target: `${bp.key}/${name}`, sha: layer.sha }))
            .filter(({ target, sha }) => {
            const r = last.get(target);
            return r !== undefined && r.to === sha && fromPatchImage(r, patch);
        }));
        if (done.length === 0)
            return u;
        const r = last.get(done[0].target);
        return {
            ...u,
            kind: 'already-patched',
            reason: `already patched: ${done.map((d) => d.target).join(', ')}${r.toVersion ? ` (${r.toVersion})` : ''} is what ${recordedReference(r)} put there in an earlier run; the data selector matches only the versions it replaces`,
        };
    });
}


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ VERSION)
/* harmony export */ });
/** The release; a test keeps it equal to package.json. */
const VERSION = '1.0.0';


/***/ }),

/***/ 38064:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q6: () => (/* binding */ statedAliases),
/* harmony export */   iS: () => (/* binding */ canonicalId),
/* harmony export */   kX: () => (/* binding */ displayId),
/* harmony export */   v4: () => (/* binding */ AliasGroups),
/* harmony export */   z2: () => (/* binding */ trueAliases)
/* harmony export */ });
/* unused harmony export isSingleVulnerabilityId */
/**
 * Which reported ids name the same vulnerability. Grype reports a GHSA match with its CVE in
 * `relatedVulnerabilities`, Trivy the CVE alone: judged apart, one could be "fixed" (and stated in the
 * VEX, which then hides the other) while the other is open. So aliases are one vulnerability.
 *
 * Only ids from databases where one id is one vulnerability are merged (CVE, GHSA, OSV's ecosystem
 * databases). Distro advisories (ALAS, ELSA, RHSA, DSA, USN, …) *relate* to many CVEs: merging through
 * them would join unrelated vulnerabilities, and stating them as aliases would let a scanner drop an
 * advisory for CVEs the patch never touched.
 */
const SINGLE_VULNERABILITY = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|(?:GO|PYSEC|RUSTSEC|GSD|OSV|GMS|MAL|RSEC|JLSEC|PSF)-\d{4}-[A-Za-z0-9-]+|BIT-[a-z0-9-]+-\d{4}-\d+)$/i;
const isCve = (id) => /^CVE-/i.test(id);
/**
 * An id as its database writes it: `cve-2021-44228` is `CVE-2021-44228`, `ghsa-JFH8-…` is `GHSA-jfh8-…`
 * (and other single-vulnerability ids keep their letters but get an upper-case prefix). Scanners write
 * these forms; a report that does not would otherwise keep one vulnerability in two alias groups, and
 * the copy under the other spelling would not keep the group open.
 */
function canonicalId(id) {
    if (!isSingleVulnerabilityId(id))
        return id;
    if (isCve(id))
        return id.toUpperCase();
    if (/^GHSA-/i.test(id))
        return `GHSA-${id.slice(5).toLowerCase()}`;
    const dash = id.indexOf('-');
    return `${id.slice(0, dash).toUpperCase()}${id.slice(dash)}`;
}
function isSingleVulnerabilityId(id) {
    return SINGLE_VULNERABILITY.test(id);
}
/**
 * The ids one report entry links to its own for judging: every related id from a single-vulnerability
 * database. A GHSA that relates to two CVEs links to both — judged together, one open copy keeps all
 * of them open (the conservative side); which of them may be *named* as aliases is `statedAliases`.
 */
function trueAliases(id, related) {
    if (!isSingleVulnerabilityId(id))
        return [];
    return [...new Set(related.filter((a) => a !== id && isSingleVulnerabilityId(a)))];
}
/**
 * The aliases a finding (and a VEX statement) names beside `id`: never another CVE — one vulnerability
 * has one CVE, so a group holding two is related advisories, and naming one CVE's statement after the
 * other would hide it — and nothing at all for such a group.
 */
function statedAliases(id, members) {
    if (members.filter(isCve).length > 1)
        return [];
    return members.filter((m) => m !== id);
}
/** Union of alias sets: every id maps to its group's members. */
class AliasGroups {
    parent = new Map();
    add(id, aliases = []) {
        this.find(id);
        for (const a of aliases)
            this.union(id, a);
    }
    find(id) {
        let root = this.parent.get(id);
        if (root === undefined) {
            this.parent.set(id, id);
            return id;
        }
        while (root !== this.parent.get(root))
            root = this.parent.get(root);
        this.parent.set(id, root);
        return root;
    }
    union(a, b) {
        const x = this.find(a);
        const y = this.find(b);
        if (x !== y)
            this.parent.set(x < y ? y : x, x < y ? x : y);
    }
    /** A stable key for the group of `id`. */
    key(id) {
        return this.find(id);
    }
    /** Every group's ids, sorted, in a stable order. */
    all() {
        const byRoot = new Map();
        for (const id of this.parent.keys()) {
            const root = this.find(id);
            byRoot.set(root, [...(byRoot.get(root) ?? []), id]);
        }
        return [...byRoot.values()].map((m) => m.sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    }
}
/** The name a group goes by: its CVE when it has one (scanners and VEX consumers key on it), else the first id. */
function displayId(members) {
    return [...members].sort().find(isCve) ?? [...members].sort()[0];
}


/***/ }),

/***/ 63476:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  uM: () => (/* binding */ judgeVersion),
  Fk: () => (/* binding */ worstState)
});

// UNUSED EXPORTS: releaseLine

;// CONCATENATED MODULE: ./src/vulns/constraint.ts
const COMPARISON = /^(<=|>=|==|!=|<|>|=)?\s*([^\s,|<>=!]+)$/;
/** Longer than any range a database writes: refused unread rather than parsed at length. */
const MAX_RANGE_LENGTH = 4096;
function parseRange(text) {
    if (text.length > MAX_RANGE_LENGTH)
        return undefined;
    let body = text.trim();
    let format;
    // Anchored at the end without a leading \s*: a run of blanks must not make the match quadratic.
    const scheme = /\(([A-Za-z0-9_-]+)\)$/.exec(body);
    if (scheme) {
        format = scheme[1].toLowerCase();
        body = body.slice(0, scheme.index).trim();
    }
    if (body === '' || body.toLowerCase() === 'none')
        return undefined;
    const alternatives = [];
    for (const alt of body.split('||')) {
        const parts = alt.split(',').map((p) => p.trim());
        if (parts.some((p) => p === ''))
            return undefined;
        const comparisons = [];
        for (const part of parts) {
            const m = COMPARISON.exec(part);
            if (!m)
                return undefined;
            const op = (m[1] === '==' ? '=' : (m[1] ?? '='));
            comparisons.push({ op, version: m[2] });
        }
        alternatives.push(comparisons);
    }
    return { text: text.trim(), ...(format ? { format } : {}), alternatives };
}
/**
 * Grype's version formats and the purl-type orders that read versions the same way. A range in a
 * format we do not order like Grype (`unknown`, `kb`, `gem`, `portage`, `bitnami`) is not used.
 */
const FORMAT_SCHEMES = {
    semantic: ['npm', 'cargo', 'golang', 'generic'],
    semver: ['npm', 'cargo', 'golang', 'generic'],
    golang: ['golang'],
    go: ['golang'],
    maven: ['maven'],
    deb: ['deb'],
    dpkg: ['deb'],
    rpm: ['rpm'],
    apk: ['apk', 'alpine'],
    python: ['pypi'],
    pep440: ['pypi'],
    jvm: ['generic', 'maven'],
};
function rangeUsableWith(range, scheme) {
    if (!range.format)
        return scheme !== 'generic';
    return Object.hasOwn(FORMAT_SCHEMES, range.format) && FORMAT_SCHEMES[range.format].includes(scheme);
}
/** Whether a version is in the range; undefined when any comparison cannot be ordered. */
function inRange(range, version, compare) {
    let any = false;
    for (const alt of range.alternatives) {
        let all = true;
        for (const { op, version: bound } of alt) {
            const d = compare(version, bound);
            if (d === undefined)
                return undefined;
            const holds = op === '<'
                ? d < 0
                : op === '<='
                    ? d <= 0
                    : op === '>'
                        ? d > 0
                        : op === '>='
                            ? d >= 0
                            : op === '='
                                ? d === 0
                                : d !== 0;
            if (!holds)
                all = false;
        }
        if (all)
            any = true;
    }
    return any;
}

;// CONCATENATED MODULE: ./src/vulns/judge.ts

/**
 * The release line of a version: its major number, or `0.minor` below 1.0, with the epoch (deb, rpm:
 * `1:`, PEP 440: `1!`) in front; Go's toolchain (`stdlib`, `go1.21.3`) is always 1.x, so its line is
 * the minor release. Undefined when the version does not start with a number.
 */
function releaseLine(version, scheme, pkg = '') {
    const epoch = /^(\d+)[:!]/.exec(version);
    const rest = (epoch ? version.slice(epoch[0].length) : version).replace(/^(go|v)(?=\d)/, '');
    const m = /^(\d+)(?:\.(\d+))?/.exec(rest);
    if (!m)
        return undefined;
    const major = BigInt(m[1]);
    const minor = m[2] === undefined ? undefined : BigInt(m[2]);
    const prefix = epoch && BigInt(epoch[1]) !== 0n ? `${epoch[1]}${epoch[0].slice(-1)}` : '';
    const byMinor = major === 0n || (scheme === 'golang' && pkg === 'stdlib');
    if (byMinor)
        return minor === undefined ? undefined : `${prefix}${major}.${minor}.x`;
    return `${prefix}${major}.x`;
}
/** The finer line a fix belongs to: the version without its last numeric segment (`1.3.15` → `1.3.`). */
function patchLineOf(version) {
    return /^(.*[.\-_+~:])\d+[^.\-_+~:]*$/.exec(version)?.[1];
}
/** How many numeric segments a line names (`1.3.` 2, `1.x` 1, `0.9.x` 2). */
function segments(line) {
    return line
        .replace(/^\d+[:!]/, '')
        .split(/[.\-_+~]/)
        .filter((p) => /^\d+$/.test(p)).length;
}
function byRange(version, f) {
    const usable = f.ranges.map((text) => parseRange(text)).filter((r) => r !== undefined);
    if (usable.length === 0 || usable.length !== f.ranges.length)
        return undefined;
    if (!usable.every((r) => rangeUsableWith(r, f.scheme)))
        return undefined;
    const text = usable.map((r) => r.text).join('; ');
    if (f.installed !== '') {
        const installedIn = usable.map((r) => inRange(r, f.installed, f.compare));
        if (installedIn.some((x) => x === undefined))
            return undefined;
        // A range that does not hold the version the report found vulnerable is not this finding's range.
        if (!installedIn.some(Boolean))
            return {
                state: 'undecided',
                reason: `the report's vulnerable range (${text}) does not include the installed ${f.installed}`,
            };
    }
    const hits = usable.map((r) => inRange(r, version, f.compare));
    if (hits.some((x) => x === undefined))
        return undefined;
    if (hits.some(Boolean))
        return { state: 'open', reason: `${version} is in the vulnerable range ${text}` };
    return { state: 'fixed', reason: `${version} is outside the vulnerable range ${text}` };
}
function judgeVersion(version, f) {
    if (version === '')
        return { state: 'undecided', reason: 'listed without a version' };
    const ranged = byRange(version, f);
    if (ranged)
        return ranged;
    if (f.fixedIn.length === 0)
        return { state: 'open', reason: 'no fix released' };
    if (version === f.installed)
        return { state: 'open', reason: `still ${version}` };
    if (f.installed === '')
        return { state: 'undecided', reason: 'the report names no installed version' };
    const { compare } = f;
    const step = compare(version, f.installed);
    const toInstalled = f.fixedIn.map((fix) => compare(fix, f.installed));
    if (step === undefined || toInstalled.some((d) => d === undefined))
        return {
            state: 'undecided',
            reason: `${f.installed}, ${version} and ${f.fixedIn.join(', ')} cannot be ordered (${f.scheme})`,
        };
    if (step === 0)
        return { state: 'open', reason: `still ${version} (${f.scheme} order)` };
    const above = f.fixedIn.filter((_, i) => toInstalled[i] > 0).sort((a, b) => compare(a, b) ?? 0);
    if (above.length === 0)
        return {
            state: 'undecided',
            reason: `no fixed version above the installed ${f.installed} (fixed in ${f.fixedIn.join(', ')}: other release lines)`,
        };
    if (step < 0)
        return { state: 'undecided', reason: `${version} is older than the installed ${f.installed}` };
    const toNew = above.map((fix) => compare(version, fix));
    if (toNew.some((d) => d === undefined))
        return {
            state: 'undecided',
            reason: `${version} and ${above.join(', ')} cannot be ordered (${f.scheme})`,
        };
    const lowest = above[0];
    if (toNew[0] < 0)
        return { state: 'open', reason: `${version} < ${lowest}, the lowest fix above ${f.installed}` };
    const line = releaseLine(f.installed, f.scheme, f.package);
    const newLine = releaseLine(version, f.scheme, f.package);
    if (line === undefined || newLine === undefined)
        return { state: 'undecided', reason: `no release line can be read from ${f.installed} or ${version}` };
    if (line !== newLine)
        return {
            state: 'undecided',
            reason: `${version} leaves the installed ${f.installed}'s ${line} line; the report proves no fix there`,
        };
    // A fix whose line cannot be read may be on the new version's line: nothing can be said past it.
    const unread = above.find((fix) => releaseLine(fix, f.scheme, f.package) === undefined);
    if (unread !== undefined)
        return { state: 'undecided', reason: `no release line can be read from the fixed version ${unread}` };
    // Fixes not reached on the new version's own line: it sits between two fixes of that line (1.3.15 and
    // 1.5.13 with 1.4.0; 1.3.15 and 1.3.20 with 1.3.18, a regression fixed again), which is fixed only on
    // the finer line of the highest fix it reached, when that line is not also the next fix's.
    const pending = above.filter((fix, i) => toNew[i] < 0 && releaseLine(fix, f.scheme, f.package) === newLine);
    if (pending.length > 0) {
        const reached = above.filter((_, i) => toNew[i] >= 0);
        const own = reached.at(-1);
        const ownLine = patchLineOf(own);
        const finer = ownLine !== undefined && segments(ownLine) > segments(newLine);
        if (!finer || !version.startsWith(ownLine) || ownLine === patchLineOf(pending[0]))
            return {
                state: 'undecided',
                reason: `${version} is past ${reached.join(', ')} but below ${pending.join(', ')} of its own line: the report does not say which range it is in`,
            };
        return { state: 'fixed', reason: `${version} ≥ ${own} (its own fix line ${ownLine}x)` };
    }
    return { state: 'fixed', reason: `${version} ≥ ${lowest} on the ${line} line` };
}
/** Worst first: one copy still vulnerable makes the image vulnerable; one unproven makes it unproven. */
const ORDER = ['open', 'undecided', 'fixed'];
function worstState(a, b) {
    return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}


/***/ }),

/***/ 13467:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $l: () => (/* binding */ parsePurl),
/* harmony export */   WG: () => (/* binding */ withPurlVersion),
/* harmony export */   we: () => (/* binding */ purlIdentity)
/* harmony export */ });
function decode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}
const CASE_INSENSITIVE = new Set(['npm', 'deb', 'apk', 'alpine', 'github', 'bitbucket', 'composer']);
/** `pkg:type/namespace/name@version?qualifiers#subpath`; undefined for anything that is not a purl. */
function parsePurl(text) {
    const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/([^?#]+)/.exec(text.trim());
    if (!m)
        return undefined;
    const type = m[1].toLowerCase();
    let rest = m[2].replace(/\/+$/, '');
    let version;
    // The version follows the last `@` of the name; an npm scope's `@` is the first character of a segment.
    const at = rest.lastIndexOf('@');
    if (at > 0 && rest[at - 1] !== '/') {
        version = decode(rest.slice(at + 1));
        rest = rest.slice(0, at);
    }
    let path = rest.split('/').filter(Boolean).map(decode).join('/');
    // Types whose names the spec makes case-insensitive (and pypi's `_`/`.` that mean `-`).
    if (type === 'pypi')
        path = path.toLowerCase().replace(/[-_.]+/g, '-');
    else if (CASE_INSENSITIVE.has(type))
        path = path.toLowerCase();
    return { type, path, ...(version ? { version } : {}) };
}
/** What a package is across versions: `type/namespace/name`, or undefined when the text is no purl. */
function purlIdentity(text) {
    if (!text)
        return undefined;
    const p = parsePurl(text);
    return p ? `${p.type}/${p.path}` : undefined;
}
/** The purl with its version replaced (qualifiers and subpath kept). */
function withPurlVersion(text, version) {
    const m = /^(pkg:[^?#]+?)(@[^/?#@]*)?([?#].*)?$/.exec(text);
    if (!m)
        return text;
    return `${m[1]}@${encodeURIComponent(version).replace(/%2B/g, '+')}${m[3] ?? ''}`;
}


/***/ }),

/***/ 51291:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G3: () => (/* binding */ parseRequireFix),
/* harmony export */   WA: () => (/* binding */ MAX_REPORT_BYTES),
/* harmony export */   qs: () => (/* binding */ severityRank),
/* harmony export */   ui: () => (/* binding */ parseVulnerabilityReport)
/* harmony export */ });
/* unused harmony exports SEVERITIES, VulnerabilityReportError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(83916);
/* harmony import */ var _nesting_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(28237);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(68825);
/* harmony import */ var _aliases_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(38064);




const SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];
/** Higher is worse; unknown ranks below everything (it never satisfies `require-fix`). */
function severityRank(s) {
    return { critical: 5, high: 4, medium: 3, low: 2, negligible: 1, unknown: 0 }[s];
}
/** `require-fix`: empty for none, else the lowest severity a plan must fix. */
function parseRequireFix(name, value) {
    const v = value.trim().toLowerCase();
    if (v === '')
        return undefined;
    if (v === 'low' || v === 'medium' || v === 'high' || v === 'critical')
        return v;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`${name} must be low, medium, high or critical, got "${value}"`);
}
/** Scanner reports are large (every package of an image) but bounded; over this is refused. */
const MAX_REPORT_BYTES = 128 * 1024 * 1024;
/** A report that cannot be read: the file, the JSON path and the value, in one line. */
class VulnerabilityReportError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .LayerRebaseError */ .wN {
    constructor(file, key, value, reason) {
        super('invalid-vulnerability-report', `vulnerability report ${file}${key ? ` at ${key}` : ''}: ${reason}${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .describeValue */ .bp)(value)}`);
    }
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Reads one field of a report with its JSON path in the error. */
class Fields {
    file;
    constructor(file) {
        this.file = file;
    }
    fail(key, value, why) {
        throw new VulnerabilityReportError(this.file, key, value, why);
    }
    object(parent, key, path, required = false) {
        const v = parent[key];
        if (v === undefined || (v === null && !required)) {
            if (required)
                this.fail(path, undefined, 'is missing');
            return undefined;
        }
        if (!isObject(v))
            this.fail(path, v, 'must be an object');
        return v;
    }
    array(parent, key, path) {
        const v = parent[key];
        if (v === undefined || v === null)
            return [];
        if (!Array.isArray(v))
            this.fail(path, v, 'must be an array');
        return v;
    }
    string(parent, key, path, required = false) {
        const v = parent[key];
        if (v === undefined || (v === null && !required)) {
            if (required)
                this.fail(path, undefined, 'is missing');
            return undefined;
        }
        if (typeof v !== 'string')
            this.fail(path, v, 'must be a string');
        return v;
    }
    strings(parent, key, path) {
        return this.array(parent, key, path).map((v, i) => typeof v === 'string' ? v : this.fail(`${path}[${i}]`, v, 'must be a string'));
    }
    digest(value, path) {
        if (value === undefined || value === '')
            return undefined;
        if (!(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(value))
            this.fail(path, value, 'is not a digest (sha256:<64 hex>)');
        return value;
    }
    item(list, i, path) {
        const v = list[i];
        if (!isObject(v))
            this.fail(`${path}[${i}]`, v, 'must be an object');
        return v;
    }
}
/**
 * An https URL as the report gives it (normalized), or undefined: anything else is never linked. Only shown,
 * never judged: a value of another type is ignored rather than failing the report.
 */
function httpsUrl(text) {
    if (typeof text !== 'string' || text === '')
        return undefined;
    try {
        const url = new URL(text);
        return url.protocol === 'https:' ? url.href : undefined;
    }
    catch {
        return undefined;
    }
}
function severityOf(text) {
    const s = (text ?? '').toLowerCase();
    return SEVERITIES.includes(s) ? s : 'unknown';
}
/** `repo@sha256:…` entries of RepoDigests, as digests. */
function repoDigests(f, list, path) {
    return list.flatMap((entry, i) => {
        const at = entry.lastIndexOf('@');
        const d = f.digest(at >= 0 ? entry.slice(at + 1) : entry, `${path}[${i}]`);
        return d ? [d] : [];
    });
}
/** Trivy's FixedVersion holds one version, several (`1.5.13, 1.3.15`), or nothing. */
function splitFixed(text) {
    return (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}
function parseTrivy(doc, f) {
    if (doc.SchemaVersion !== 2)
        f.fail('SchemaVersion', doc.SchemaVersion, 'must be 2 (Trivy JSON, trivy image --format json)');
    const meta = f.object(doc, 'Metadata', 'Metadata') ?? {};
    const imageId = f.digest(f.string(meta, 'ImageID', 'Metadata.ImageID'), 'Metadata.ImageID');
    const report = {
        file: f.file,
        format: 'trivy',
        ...(imageId ? { imageId } : {}),
        manifestDigests: repoDigests(f, f.strings(meta, 'RepoDigests', 'Metadata.RepoDigests'), 'Metadata.RepoDigests'),
        diffIds: f
            .strings(meta, 'DiffIDs', 'Metadata.DiffIDs')
            .flatMap((d, i) => f.digest(d, `Metadata.DiffIDs[${i}]`) ?? []),
        vulnerabilities: [],
    };
    const results = f.array(doc, 'Results', 'Results');
    for (let r = 0; r < results.length; r++) {
        const result = f.item(results, r, 'Results');
        const type = f.string(result, 'Type', `Results[${r}].Type`);
        const list = f.array(result, 'Vulnerabilities', `Results[${r}].Vulnerabilities`);
        for (let v = 0; v < list.length; v++) {
            const path = `Results[${r}].Vulnerabilities[${v}]`;
            const vuln = f.item(list, v, `Results[${r}].Vulnerabilities`);
            const ident = f.object(vuln, 'PkgIdentifier', `${path}.PkgIdentifier`);
            const purl = ident && f.string(ident, 'PURL', `${path}.PkgIdentifier.PURL`);
            const layer = f.object(vuln, 'Layer', `${path}.Layer`);
            const diffId = layer && f.digest(f.string(layer, 'DiffID', `${path}.Layer.DiffID`), `${path}.Layer.DiffID`);
            const url = httpsUrl(vuln.PrimaryURL);
            report.vulnerabilities.push({
                id: (0,_aliases_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalId */ .iS)(f.string(vuln, 'VulnerabilityID', `${path}.VulnerabilityID`, true)),
                aliases: [],
                severity: severityOf(f.string(vuln, 'Severity', `${path}.Severity`)),
                package: f.string(vuln, 'PkgName', `${path}.PkgName`, true),
                ...(purl ? { purl } : {}),
                ...(type ? { packageType: type } : {}),
                installed: f.string(vuln, 'InstalledVersion', `${path}.InstalledVersion`) ?? '',
                fixedIn: splitFixed(f.string(vuln, 'FixedVersion', `${path}.FixedVersion`)),
                ranges: [],
                layers: diffId ? [diffId] : [],
                unlocated: !diffId,
                ...(url ? { url } : {}),
            });
        }
    }
    return report;
}
function parseGrype(doc, f) {
    const source = f.object(doc, 'source', 'source') ?? {};
    const target = f.object(source, 'target', 'source.target') ?? {};
    const imageId = f.digest(f.string(target, 'imageID', 'source.target.imageID'), 'source.target.imageID');
    const manifest = f.digest(f.string(target, 'manifestDigest', 'source.target.manifestDigest'), 'source.target.manifestDigest');
    const layers = f.array(target, 'layers', 'source.target.layers');
    const report = {
        file: f.file,
        format: 'grype',
        ...(imageId ? { imageId } : {}),
        manifestDigests: [
            ...(manifest ? [manifest] : []),
            ...repoDigests(f, f.strings(target, 'repoDigests', 'source.target.repoDigests'), 'source.target.repoDigests'),
        ],
        diffIds: layers.flatMap((_, i) => {
            const layer = f.item(layers, i, 'source.target.layers');
            return (f.digest(f.string(layer, 'digest', `source.target.layers[${i}].digest`), `source.target.layers[${i}].digest`) ?? []);
        }),
        vulnerabilities: [],
    };
    const matches = f.array(doc, 'matches', 'matches');
    for (let m = 0; m < matches.length; m++) {
        const path = `matches[${m}]`;
        const match = f.item(matches, m, 'matches');
        const vuln = f.object(match, 'vulnerability', `${path}.vulnerability`, true);
        const artifact = f.object(match, 'artifact', `${path}.artifact`, true);
        const fix = f.object(vuln, 'fix', `${path}.vulnerability.fix`) ?? {};
        const locations = f.array(artifact, 'locations', `${path}.artifact.locations`);
        const related = f.array(match, 'relatedVulnerabilities', `${path}.relatedVulnerabilities`);
        const id = (0,_aliases_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalId */ .iS)(f.string(vuln, 'id', `${path}.vulnerability.id`, true));
        const purl = f.string(artifact, 'purl', `${path}.artifact.purl`);
        const type = f.string(artifact, 'type', `${path}.artifact.type`);
        const state = f.string(fix, 'state', `${path}.vulnerability.fix.state`);
        const url = httpsUrl(vuln.dataSource);
        const details = f.array(match, 'matchDetails', `${path}.matchDetails`);
        const ranges = details.flatMap((_, i) => {
            const detail = f.item(details, i, `${path}.matchDetails`);
            const found = f.object(detail, 'found', `${path}.matchDetails[${i}].found`) ?? {};
            const range = f.string(found, 'versionConstraint', `${path}.matchDetails[${i}].found.versionConstraint`);
            return range ? [range] : [];
        });
        const layerIds = locations.map((_, i) => {
            const loc = f.item(locations, i, `${path}.artifact.locations`);
            return f.digest(f.string(loc, 'layerID', `${path}.artifact.locations[${i}].layerID`), `${path}.artifact.locations[${i}].layerID`);
        });
        report.vulnerabilities.push({
            id,
            aliases: related
                .map((r, i) => f.string(f.item(related, i, `${path}.relatedVulnerabilities`), 'id', `${path}.relatedVulnerabilities[${i}].id`))
                .filter((a) => Boolean(a))
                .map(_aliases_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalId */ .iS)
                .filter((a) => a !== id),
            severity: severityOf(f.string(vuln, 'severity', `${path}.vulnerability.severity`)),
            package: f.string(artifact, 'name', `${path}.artifact.name`, true),
            ...(purl ? { purl } : {}),
            ...(type ? { packageType: type } : {}),
            installed: f.string(artifact, 'version', `${path}.artifact.version`) ?? '',
            // "not-fixed", "wont-fix" and "unknown" states list no versions; only "fixed" ones count.
            fixedIn: state === undefined || state === 'fixed'
                ? f.strings(fix, 'versions', `${path}.vulnerability.fix.versions`)
                : [],
            ranges: [...new Set(ranges)],
            layers: [...new Set(layerIds.filter((d) => d !== undefined))],
            unlocated: layerIds.length === 0 || layerIds.some((d) => d === undefined),
            ...(url ? { url } : {}),
        });
    }
    return report;
}
/** A Trivy (SchemaVersion 2) or Grype JSON report, recognised from its content. */
function parseVulnerabilityReport(text, file) {
    const f = new Fields(file);
    if (Buffer.byteLength(text) > MAX_REPORT_BYTES)
        f.fail('', undefined, `is more than the ${MAX_REPORT_BYTES} bytes allowed`);
    if ((0,_nesting_js__WEBPACK_IMPORTED_MODULE_3__/* .tooDeep */ .DI)(text))
        f.fail('', undefined, `is nested too deeply (more than ${_nesting_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_NESTING */ .M1} levels)`);
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (error) {
        f.fail('', undefined, `is not JSON (${error.message})`);
    }
    if (!isObject(doc))
        f.fail('', doc, 'must be a JSON object');
    if ('SchemaVersion' in doc)
        return parseTrivy(doc, f);
    if ('matches' in doc)
        return parseGrype(doc, f);
    return f.fail('', undefined, 'is neither a Trivy JSON report (SchemaVersion 2, trivy image --format json) nor a Grype JSON report (matches[], grype -o json)');
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 85675:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http2");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 80099:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 87997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 78877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 16460:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers/promises");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 68898:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { valid, clean, explain, parse } = __nccwpck_require__(74818);

const { lt, le, eq, ne, ge, gt, compare, rcompare } = __nccwpck_require__(12124);

const {
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,
} = __nccwpck_require__(30790);

const { major, minor, patch, inc } = __nccwpck_require__(38940);

module.exports = {
  // version
  valid,
  clean,
  explain,
  parse,

  // operator
  lt,
  le,
  lte: le,
  eq,
  ne,
  neq: ne,
  ge,
  gte: ge,
  gt,
  compare,
  rcompare,

  // range
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,

  // semantic
  major,
  minor,
  patch,
  inc,
};


/***/ }),

/***/ 12124:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { parse } = __nccwpck_require__(74818);

module.exports = {
  compare,
  rcompare,
  lt,
  le,
  eq,
  ne,
  ge,
  gt,
  '<': lt,
  '<=': le,
  '==': eq,
  '!=': ne,
  '>=': ge,
  '>': gt,
  '===': arbitrary,
};

function lt(version, other) {
  return compare(version, other) < 0;
}

function le(version, other) {
  return compare(version, other) <= 0;
}

function eq(version, other) {
  return compare(version, other) === 0;
}

function ne(version, other) {
  return compare(version, other) !== 0;
}

function ge(version, other) {
  return compare(version, other) >= 0;
}

function gt(version, other) {
  return compare(version, other) > 0;
}

function arbitrary(version, other) {
  return version.toLowerCase() === other.toLowerCase();
}

function compare(version, other) {
  const parsedVersion = parse(version);
  const parsedOther = parse(other);

  const keyVersion = calculateKey(parsedVersion);
  const keyOther = calculateKey(parsedOther);

  return pyCompare(keyVersion, keyOther);
}

function rcompare(version, other) {
  return -compare(version, other);
}

// this logic is buitin in python, but we need to port it to js
// see https://stackoverflow.com/a/5292332/1438522
function pyCompare(elemIn, otherIn) {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) {
    return 0;
  }
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem)) {
    const len = Math.min(elem.length, other.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i], other[i]);
      if (res !== 0) {
        return res;
      }
    }
    return elem.length - other.length;
  }
  if (elem === -Infinity || other === Infinity) {
    return -1;
  }
  if (elem === Infinity || other === -Infinity) {
    return 1;
  }
  return elem < other ? -1 : 1;
}

function calculateKey(input) {
  const { epoch } = input;
  let { release, pre, post, local, dev } = input;
  // When we compare a release version, we want to compare it with all of the
  // trailing zeros removed. So we'll use a reverse the list, drop all the now
  // leading zeros until we come to something non zero, then take the rest
  // re-reverse it back into the correct order and make it a tuple and use
  // that for our sorting key.
  release = release.concat();
  release.reverse();
  while (release.length && release[0] === 0) {
    release.shift();
  }
  release.reverse();

  // We need to "trick" the sorting algorithm to put 1.0.dev0 before 1.0a0.
  // We'll do this by abusing the pre segment, but we _only_ want to do this
  // if there is !a pre or a post segment. If we have one of those then
  // the normal sorting rules will handle this case correctly.
  if (!pre && !post && dev) pre = -Infinity;
  // Versions without a pre-release (except as noted above) should sort after
  // those with one.
  else if (!pre) pre = Infinity;

  // Versions without a post segment should sort before those with one.
  if (!post) post = -Infinity;

  // Versions without a development segment should sort after those with one.
  if (!dev) dev = Infinity;

  if (!local) {
    // Versions without a local segment should sort before those with one.
    local = -Infinity;
  } else {
    // Versions with a local segment need that segment parsed to implement
    // the sorting rules in PEP440.
    // - Alpha numeric segments sort before numeric segments
    // - Alpha numeric segments sort lexicographically
    // - Numeric segments sort numerically
    // - Shorter versions sort before longer versions when the prefixes
    //   match exactly
    local = local.map((i) =>
      Number.isNaN(Number(i)) ? [-Infinity, i] : [Number(i), ''],
    );
  }

  return [epoch, release, pre, post, dev, local];
}


/***/ }),

/***/ 38940:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { explain, parse, stringify } = __nccwpck_require__(74818);

// those notation are borrowed from semver
module.exports = {
  major,
  minor,
  patch,
  inc,
};

function major(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  return version.release[0];
}

function minor(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 2) {
    return 0;
  }
  return version.release[1];
}

function patch(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 3) {
    return 0;
  }
  return version.release[2];
}

function inc(input, release, preReleaseIdentifier) {
  let identifier = preReleaseIdentifier || `a`;
  const version = parse(input);

  if (!version) {
    return null;
  }

  if (
    !['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview'].includes(
      identifier,
    )
  ) {
    return null;
  }

  switch (release) {
    case 'premajor':
      {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'preminor':
      {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prepatch':
      {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prerelease':
      if (version.pre === null) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
        version.pre = [identifier, 0];
      } else {
        if (preReleaseIdentifier === undefined && version.pre !== null) {
          [identifier] = version.pre;
        }

        const [letter, number] = version.pre;
        if (letter === identifier) {
          version.pre = [letter, number + 1];
        } else {
          version.pre = [identifier, 0];
        }
      }

      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'major':
      if (
        version.release.slice(1).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'minor':
      if (
        version.release.slice(2).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'patch':
      if (
        version.release.slice(3).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    default:
      return null;
  }

  return stringify(version);
}


/***/ }),

/***/ 30790:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// This file is dual licensed under the terms of the Apache License, Version
// 2.0, and the BSD License. See the LICENSE file in the root of this repository
// for complete details.

const { VERSION_PATTERN, explain: explainVersion } = __nccwpck_require__(74818);

const Operator = __nccwpck_require__(12124);

const RANGE_PATTERN = [
  '(?<operator>(===|~=|==|!=|<=|>=|<|>))',
  '\\s*',
  '(',
  /*  */ '(?<version>(?:' + VERSION_PATTERN.replace(/\?<\w+>/g, '?:') + '))',
  /*  */ '(?<prefix>\\.\\*)?',
  /*  */ '|',
  /*  */ '(?<legacy>[^,;\\s)]+)',
  ')',
].join('');

module.exports = {
  RANGE_PATTERN,
  parse,
  satisfies,
  filter,
  validRange,
  maxSatisfying,
  minSatisfying,
};

const isEqualityOperator = (op) => ['==', '!=', '==='].includes(op);

const rangeRegex = new RegExp('^' + RANGE_PATTERN + '$', 'i');

function parse(ranges) {
  if (!ranges.trim()) {
    return [];
  }

  const specifiers = ranges
    .split(',')
    .map((range) => rangeRegex.exec(range.trim()) || {})
    .map(({ groups }) => {
      if (!groups) {
        return null;
      }

      let { ...spec } = groups;
      const { operator, version, prefix, legacy } = groups;

      if (version) {
        spec = { ...spec, ...explainVersion(version) };
        if (operator === '~=') {
          if (spec.release.length < 2) {
            return null;
          }
        }
        if (!isEqualityOperator(operator) && spec.local) {
          return null;
        }

        if (prefix) {
          if (!isEqualityOperator(operator) || spec.dev || spec.local) {
            return null;
          }
        }
      }
      if (legacy && operator !== '===') {
        return null;
      }

      return spec;
    });

  if (specifiers.filter(Boolean).length !== specifiers.length) {
    return null;
  }

  return specifiers;
}

function filter(versions, specifier, options = {}) {
  const filtered = pick(versions, specifier, options);
  if (filtered.length === 0 && options.prereleases === undefined) {
    return pick(versions, specifier, { prereleases: true });
  }
  return filtered;
}

function maxSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[found.length - 1];
}

function minSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[0];
}

function pick(versions, specifier, options) {
  const parsed = parse(specifier);

  if (!parsed) {
    return [];
  }

  return versions.filter((version) => {
    const explained = explainVersion(version);

    if (!parsed.length) {
      return explained && !(explained.is_prerelease && !options.prereleases);
    }

    return parsed.reduce((pass, spec) => {
      if (!pass) {
        return false;
      }
      return contains({ ...spec, ...options }, { version, explained });
    }, true);
  });
}

function satisfies(version, specifier, options = {}) {
  const filtered = pick([version], specifier, options);

  return filtered.length === 1;
}

function arrayStartsWith(array, prefix) {
  if (prefix.length > array.length) {
    return false;
  }

  for (let i = 0; i < prefix.length; i += 1) {
    if (prefix[i] !== array[i]) {
      return false;
    }
  }

  return true;
}

function contains(specifier, input) {
  const { explained } = input;
  let { version } = input;
  const { ...spec } = specifier;

  if (spec.prereleases === undefined) {
    spec.prereleases = spec.is_prerelease;
  }

  if (explained && explained.is_prerelease && !spec.prereleases) {
    return false;
  }

  if (spec.operator === '~=') {
    let compatiblePrefix = spec.release.slice(0, -1).concat('*').join('.');
    if (spec.epoch) {
      compatiblePrefix = spec.epoch + '!' + compatiblePrefix;
    }
    return satisfies(version, `>=${spec.version}, ==${compatiblePrefix}`, {
      prereleases: spec.prereleases,
    });
  }

  if (spec.prefix) {
    const isMatching =
      explained.epoch === spec.epoch &&
      arrayStartsWith(explained.release, spec.release);
    const isEquality = spec.operator !== '!=';
    return isEquality ? isMatching : !isMatching;
  }

  if (explained)
    if (explained.local && spec.version) {
      version = explained.public;
      spec.version = explainVersion(spec.version).public;
    }

  if (spec.operator === '<' || spec.operator === '>') {
    // simplified version of https://www.python.org/dev/peps/pep-0440/#exclusive-ordered-comparison
    if (Operator.eq(spec.release.join('.'), explained.release.join('.'))) {
      return false;
    }
  }

  const op = Operator[spec.operator];
  return op(version, spec.version || spec.legacy);
}

function validRange(specifier) {
  return Boolean(parse(specifier));
}


/***/ }),

/***/ 74818:
/***/ ((module) => {

const VERSION_PATTERN = [
  'v?',
  '(?:',
  /* */ '(?:(?<epoch>[0-9]+)!)?', // epoch
  /* */ '(?<release>[0-9]+(?:\\.[0-9]+)*)', // release segment
  /* */ '(?<pre>', // pre-release
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))',
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_n>[0-9]+)?',
  /* */ ')?',
  /* */ '(?<post>', // post release
  /*    */ '(?:-(?<post_n1>[0-9]+))',
  /*    */ '|',
  /*    */ '(?:',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_l>post|rev|r)',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_n2>[0-9]+)?',
  /*    */ ')',
  /* */ ')?',
  /* */ '(?<dev>', // dev release
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_l>dev)',
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_n>[0-9]+)?',
  /* */ ')?',
  ')',
  '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?', // local version
].join('');

module.exports = {
  VERSION_PATTERN,
  valid,
  clean,
  explain,
  parse,
  stringify,
};

const validRegex = new RegExp('^' + VERSION_PATTERN + '$', 'i');

function valid(version) {
  return validRegex.test(version) ? version : null;
}

const cleanRegex = new RegExp('^\\s*' + VERSION_PATTERN + '\\s*$', 'i');
function clean(version) {
  return stringify(parse(version, cleanRegex));
}

function parse(version, regex) {
  // Validate the version and parse it into pieces
  const { groups } = (regex || validRegex).exec(version) || {};
  if (!groups) {
    return null;
  }

  // Store the parsed out pieces of the version
  const parsed = {
    epoch: Number(groups.epoch ? groups.epoch : 0),
    release: groups.release.split('.').map(Number),
    pre: normalize_letter_version(groups.pre_l, groups.pre_n),
    post: normalize_letter_version(
      groups.post_l,
      groups.post_n1 || groups.post_n2,
    ),
    dev: normalize_letter_version(groups.dev_l, groups.dev_n),
    local: parse_local_version(groups.local),
  };

  return parsed;
}

function stringify(parsed) {
  if (!parsed) {
    return null;
  }
  const { epoch, release, pre, post, dev, local } = parsed;
  const parts = [];

  // Epoch
  if (epoch !== 0) {
    parts.push(`${epoch}!`);
  }
  // Release segment
  parts.push(release.join('.'));

  // Pre-release
  if (pre) {
    parts.push(pre.join(''));
  }
  // Post-release
  if (post) {
    parts.push('.' + post.join(''));
  }
  // Development release
  if (dev) {
    parts.push('.' + dev.join(''));
  }
  // Local version segment
  if (local) {
    parts.push(`+${local}`);
  }
  return parts.join('');
}

function normalize_letter_version(letterIn, numberIn) {
  let letter = letterIn;
  let number = numberIn;
  if (letter) {
    // We consider there to be an implicit 0 in a pre-release if there is
    // not a numeral associated with it.
    if (!number) {
      number = 0;
    }
    // We normalize any letters to their lower case form
    letter = letter.toLowerCase();

    // We consider some words to be alternate spellings of other words and
    // in those cases we want to normalize the spellings to our preferred
    // spelling.
    if (letter === 'alpha') {
      letter = 'a';
    } else if (letter === 'beta') {
      letter = 'b';
    } else if (['c', 'pre', 'preview'].includes(letter)) {
      letter = 'rc';
    } else if (['rev', 'r'].includes(letter)) {
      letter = 'post';
    }
    return [letter, Number(number)];
  }
  if (!letter && number) {
    // We assume if we are given a number, but we are not given a letter
    // then this is using the implicit post release syntax (e.g. 1.0-1)
    letter = 'post';

    return [letter, Number(number)];
  }
  return null;
}

function parse_local_version(local) {
  /*
    Takes a string like abc.1.twelve and turns it into("abc", 1, "twelve").
    */
  if (local) {
    return local
      .split(/[._-]/)
      .map((part) =>
        Number.isNaN(Number(part)) ? part.toLowerCase() : Number(part),
      );
  }
  return null;
}

function explain(version) {
  const parsed = parse(version);
  if (!parsed) {
    return parsed;
  }
  const { epoch, release, pre, post, dev, local } = parsed;

  let base_version = '';
  if (epoch !== 0) {
    base_version += epoch + '!';
  }
  base_version += release.join('.');

  const is_prerelease = Boolean(dev || pre);
  const is_devrelease = Boolean(dev);
  const is_postrelease = Boolean(post);

  // return

  return {
    epoch,
    release,
    pre,
    post: post ? post[1] : post,
    dev: dev ? dev[1] : dev,
    local: local ? local.join('.') : local,
    public: stringify(parsed).split('+', 1)[0],
    base_version,
    is_prerelease,
    is_devrelease,
    is_postrelease,
  };
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(79407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
