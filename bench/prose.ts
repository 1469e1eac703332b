/**
 * Deterministic prose-like text. Messages must compress the way chat text does (TOAST and gzip
 * see real redundancy, not a repeated string that compresses to nothing), and two runs must
 * store the same bytes, so words come from a fixed vocabulary through a seeded PRNG.
 */

/** mulberry32: tiny, fast, and good enough to pick words; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit hash of a string (FNV-1a), to derive one PRNG seed per thread. */
export function hashSeed(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

// Common words first: picking with a skewed index gives the Zipf-like frequencies of prose.
const VOCABULARY = (
  'the of and to a in is it that for you was with on as have but be they at this from or one had by word not what all ' +
  'were we when your can said there use an each which she do how their if will up other about out many then them these ' +
  'so some her would make like him into time has look two more write go see number no way could people my than first ' +
  'water been call who oil its now find long down day did get come made may part over new sound take only little work ' +
  'know place year live me back give most very after thing our just name good sentence man think say great where help ' +
  'through much before line right too mean old any same tell boy follow came want show also around form three small set ' +
  'put end does another well large must big even such because turn here why ask went men read need land different home ' +
  'us move try kind hand picture again change off play spell air away animal house point page letter mother answer found ' +
  'study still learn should world high every near add food between own below country plant last school father keep tree ' +
  'never start city earth eye light thought head under story saw left few while along might close something seem next hard ' +
  'open example begin life always those both paper together got group often run important until children side feet car ' +
  'mile night walk white sea began grow took river four carry state once book hear stop without second later miss idea ' +
  'enough eat face watch far really almost let above girl sometimes mountain cut young talk soon list song being leave ' +
  'function request database query index checkpoint thread workflow agent tool result error retry latency merge branch ' +
  'commit pipeline deploy review config schema server client token project issue test build release version'
).split(' ');

/** Text of about `bytes` bytes (ASCII, so bytes = characters): sentences of skewed-frequency words. */
export function proseText(random: () => number, bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  let startOfSentence = true;
  let wordsLeft = 0;
  while (length < bytes) {
    if (wordsLeft === 0) wordsLeft = 6 + Math.floor(random() * 14);
    let word = VOCABULARY[Math.floor(random() * random() * VOCABULARY.length)];
    if (startOfSentence) word = word[0].toUpperCase() + word.slice(1);
    wordsLeft--;
    startOfSentence = wordsLeft === 0;
    if (startOfSentence) word += random() < 0.15 ? '?' : '.';
    else if (random() < 0.07) word += ',';
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(' ').slice(0, bytes);
}
