/* Passerelles: French search, on top of Material's own search worker (lunr).
 *
 * Material's bundle starts this worker instead of its own: overrides/main.html points the
 * page's `search` setting here, with the file name of Material's worker after the « # ».
 * It sits beside Material's worker, whose stemmers load from « ../lunr/ ». It runs as a
 * Web Worker, or in an iframe from file:// (iframe-worker shim, offline copy). It:
 *
 * - answers Material's first message (an index without documents, the same on every
 *   page) at once, and loads the documents (search/search_docs.js) on the first query;
 * - treats index and query alike, since lunr skips its pipeline for Material's wildcard
 *   queries: elided articles and stop words dropped, accents folded, French stems;
 * - offers, under an action's result, each kit's view of the action;
 * - replaces the readers' ways of saying things (generator/data/synonyms.yml, sent with
 *   the documents) by the site's words: « présenter mon métier » looks for « rencontre
 *   professionnel classe »;
 * - names the words a result misses as the reader typed them, never as their stems, and
 *   never the site's words the reader did not type.
 *
 * Material's worker is not changed: it is loaded here, its message handler and its
 * answers caught, so that it only sees the messages this worker hands it.
 *
 * On the served site, the search settings name Pagefind's script (`passerelles.pagefind`,
 * generator/search/pagefind_index.py): the worker then asks Pagefind, which fetches only the
 * parts of its index a query needs, and answers Material in the same shape; lunr and
 * Material's worker are not loaded. Pagefind needs fetch and WebAssembly: the offline
 * copy (file://) has no such setting and keeps lunr.
 */
(() => {
  "use strict"

  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  const here = typeof document !== "undefined"
    ? document.currentScript.src
    : self.location.href
  const material = new URL(decodeURIComponent(new URL(here).hash.slice(1).split("?")[0]), here)
  const root = new URL("../../../", here)

  /* Material's worker: its handler and its answers ---------------------------------- */

  const send = self.postMessage.bind(self)
  const listen = self.addEventListener.bind(self)
  let handle = null
  let answer = null
  self.addEventListener = (type, fn, ...rest) => {
    if (type === "message") handle = fn
    else listen(type, fn, ...rest)
  }
  self.postMessage = message => answer && answer(message)

  function ask(message) {
    return new Promise(resolve => {
      answer = resolve
      handle({ data: message })
    })
  }

  let started = null
  const startMaterial = () => started || (started = Promise.resolve(importScripts(material.href)))

  /* French words -------------------------------------------------------------------- */

  const fold = word => word
    .replace(/œ/g, "oe").replace(/æ/g, "ae")
    .normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/@/g, "a")

  const stem = word => /\d/.test(word) ? word : lunr.fr.stemmer(word)

  // What the index keeps of a word once lunr-languages' French stop words are gone.
  const french = word => stem(fold(word))

  const stopWord = word => word.length < 2 && !/\d/.test(word)
    || !lunr.fr.stopWordFilter(word) || !lunr.fr.stopWordFilter(fold(word))

  // Each word of a text as the index keeps it, with the word typed: « l'élève » → « elev ».
  function frenchWords(value) {
    const words = []
    value
      .replace(/([\p{L}\p{N}])[-'’]+(?=[\p{L}\p{N}])/gu, "$1 ")
      .replace(/[\p{L}\p{N}@]+/gu, word => {
        const lower = word.toLowerCase()
        if (!stopWord(lower)) words.push({ typed: lower, stem: french(lower) })
        return ""
      })
    return words
  }

  // The readers' ways of saying things, as stems: [[ways, each a list of stems], site stems]
  let synonyms = []

  function prepareSynonyms(entries) {
    synonyms = (entries || []).map(([reader, site]) => [
      reader.map(way => frenchWords(way).map(w => w.stem)).filter(way => way.length),
      frenchWords(site).map(w => w.stem)
    ])
  }

  // The query for the index: the reader's stems, each way of saying things of the
  // synonyms replaced by the site's words; and what each stem was typed as.
  function frenchQuery(value) {
    let words = frenchWords(value)
    for (const [ways, site] of synonyms) {
      const stems = new Set(words.map(w => w.stem))
      const way = ways.find(list => list.every(stem => stems.has(stem)))
      if (!way) continue
      words = words.filter(w => !way.includes(w.stem))
      for (const stem of site) {
        if (!words.some(w => w.stem === stem)) words.push({ typed: null, stem })
      }
    }
    const typed = new Map(words.filter(w => w.typed).map(w => [w.stem, w.typed]))
    const stems = [...new Set(words.map(w => w.stem))]
    return { query: stems.join(" "), typed }
  }

  // A result's terms named as the reader typed them; the site's words put in by the
  // synonyms are not the reader's, so they are never said to be missing.
  function readerTerms(result, typed) {
    for (const group of result.items) {
      for (const item of group) {
        const terms = {}
        for (const [term, found] of Object.entries(item.terms || {})) {
          const stem = term.replace(/\*$/, "")
          if (!typed.has(stem)) continue
          terms[typed.get(stem)] = found
        }
        item.terms = terms
      }
    }
    return result
  }

  // Index side: after the stop word filter that Material keeps, fold and stem each word.
  function indexInFrench() {
    const step = token => token.update(french)
    lunr.Pipeline.registerFunction(step, "passerelles-fr")
    const add = lunr.Builder.prototype.add
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.passerellesFrench) {
        this.pipeline.add(step)
        this.passerellesFrench = true
      }
      return add.call(this, doc, attributes)
    }
  }

  /* The index, loaded on the first query -------------------------------------------- */

  let setup = null
  let loading = null
  let alternates = new Map()

  async function load() {
    await startMaterial()
    const config = setup.config
    await importScripts(new URL(`search/${config.passerelles.docs}`, root).href)
    const data = self.__passerellesSearch
    const docs = data.docs.map(([location, title, text, body, keywords]) => (
      { location, title, text, ...body && { body }, ...keywords && { keywords } }
    ))
    const { titles, pages } = data.alternates
    alternates = new Map(Object.entries(pages).map(([location, views]) => [
      location, views.map(([view, title]) => [view || location, titles[title]])
    ]))
    indexInFrench()
    await ask({ type: SETUP, data: { config, docs, options: setup.options } })
    prepareSynonyms(data.synonyms)  // lunr.fr is loaded once Material's worker is set up
  }

  // Each kit's view, right under the article: sections' links carry a « # ».
  function withAlternates(result) {
    for (const group of result.items) {
      const article = group.find(item => !item.location.includes("#"))
      const views = article && alternates.get(article.location)
      if (!views) continue
      const score = group[0].score
      group.unshift(...views.map(([location, title]) => ({
        location: `${location}#`, title, text: "", score, terms: {}
      })))
    }
    return result
  }

  /* Pagefind, on the served site ---------------------------------------------------- */

  // Results a reader can scroll to: Material shows the first ten, then more on scroll.
  // Each needs its fragment (about 550 bytes on the shipped site): a hundred results
  // fetch about 55 kB, and « entreprise » still reaches the page that only writes
  // « l'entreprise » (41st of 161).
  const SHOWN = 100
  let pagefind = null

  async function loadPagefind() {
    const settings = setup.config.passerelles
    const [engine, query] = await Promise.all([
      import(new URL(settings.pagefind, root).href),
      fetch(new URL(settings.query, root).href).then(response => response.json())
    ])
    // no penalty for a long document: a page's document holds the words of all its
    // sections, and « tuteur » must find the page of the role before sections naming it
    await engine.options({ excerptLength: 0, ranking: { pageLength: 0 } })
    await engine.init()
    return {
      engine, stop: new Set(query.stop), synonyms: query.synonyms,
      acronyms: new Set(query.acronyms), mark: query.mark
    }
  }

  const escaped = value => value.replace(/[&<>"]/g, c => `&#${c.charCodeAt(0)};`)

  // A word as the synonyms compare it (search_index.word_key): folded, without a plural.
  const wordKey = word => {
    const key = fold(word)
    return key.length > 3 && /[sx]$/.test(key) ? key.slice(0, -1) : key
  }
  const words = value => value.toLowerCase().replace(/[-'’]+/g, " ").split(/\s+/).filter(Boolean)

  // The words of the query Pagefind looks for, folded as the index is
  // (pagefind_index.folded): without elided articles nor stop words, each way of saying
  // things of the synonyms replaced by the site's words. `typed`: each of the reader's
  // words kept, as typed.
  function pagefindWords(value, { stop, synonyms, acronyms, mark }) {
    const kept = list => list.filter(word => !stop.has(word) && !stop.has(fold(word)))
    const typed = new Map(kept(words(value)).map(word => [fold(word), word]))
    let query = [...typed.keys()]
    for (const [ways, site] of synonyms) {
      const keys = new Set(query.map(wordKey))
      const way = ways.map(w => kept(words(w)).map(wordKey))
        .find(list => list.length && list.every(key => keys.has(key)))
      if (!way) continue
      query = query.filter(word => !way.includes(wordKey(word)))
      for (const word of words(site).map(fold)) {
        if (!query.some(w => wordKey(w) === wordKey(word))) query.push(word)
      }
    }
    // a word the synonyms replaced is not looked for, nor said missing; an acronym is
    // looked for as the index holds it (pagefind_index.ACRONYM_MARK)
    const asIndexed = word => acronyms.has(word) ? word + mark : word
    const asTyped = [...typed].filter(([word]) => query.includes(word))
    return {
      query,
      looked: query.map(asIndexed),
      typed: new Map(asTyped.map(([word, as]) => [asIndexed(word), as]))
    }
  }

  // Pagefind keeps only the pages holding every word: those come first, then the pages
  // holding the most words of the query, each group by the sum of its words' scores.
  // Each result comes with the words it holds.
  async function ranked(engine, query) {
    const all = await engine.search(query.join(" "))
    // the pages holding every word, by Pagefind's score of the whole query (each word
    // weighed by how rare it is: « harcèlement » counts more than « stage »)
    const found = new Map(all.results.map(result => [
      result.id, { result, whole: true, words: new Set(query), score: result.score }
    ]))
    if (query.length === 1) return [...found.values()]
    const each = await Promise.all(query.map(word => engine.search(word)))
    each.forEach(({ results }, i) => {
      for (const result of results) {
        const seen = found.get(result.id) || { result, whole: false, words: new Set(), score: 0 }
        found.set(result.id, seen)
        if (seen.whole) continue
        seen.words.add(query[i])
        seen.score += result.score
      }
    })
    return [...found.values()].sort((a, b) =>
      b.whole - a.whole || b.words.size - a.words.size || b.score - a.score)
  }

  // The text of a result, escaped, the words of the query marked as Material's worker
  // marks them: a word whose folded form starts as a query word does (« stag » for
  // « stage » marks « stagiaire »).
  function marked(text, query) {
    const starts = query.map(word => word.slice(0, Math.max(3, word.length - 1)))
    return text.split(/([\p{L}\p{N}@]+)/u).map((piece, i) => {
      const found = i % 2 && starts.some(start => fold(piece.toLowerCase()).startsWith(start))
      return found ? `<mark>${escaped(piece)}</mark>` : escaped(piece)
    }).join("")
  }

  // Material's result: a group per page, its article first (its title alone when only
  // sections of it were found), then its sections.
  function groups(found, query) {
    const pages = new Map()
    for (const { meta, score, terms } of found) {
      const location = meta.loc.slice(1)  // written with a « / »: the home page's is empty
      const [page, section] = location.split("#")
      const group = pages.get(page) || { article: null, parent: meta.parent, score, sections: [] }
      pages.set(page, group)
      const item = {
        location, title: marked(meta.title, query),
        text: meta.text ? `<p>${marked(meta.text, query)}</p>` : "", score, terms
      }
      if (section === undefined) group.article = item
      else group.sections.push(item)
      if (meta.views && !alternates.has(page)) alternates.set(page, JSON.parse(meta.views))
    }
    return [...pages.entries()].map(([page, { article, parent, score, sections }]) => [
      article || { location: page, title: escaped(parent || ""), text: "", score, terms: {} },
      ...sections
    ])
  }

  // What a result shows, which travels as Pagefind's filters, one value each
  // (pagefind_index.page_html)
  const shown = ({ filters }) =>
    Object.fromEntries(Object.entries(filters).map(([name, [value]]) => [name, value]))

  async function searchPagefind(value) {
    pagefind = pagefind || loadPagefind()
    const settings = await pagefind
    const { query, looked, typed } = pagefindWords(value, settings)
    if (!query.length) return { type: RESULT, data: { items: [] } }
    const first = (await ranked(settings.engine, looked)).slice(0, SHOWN)
    const data = await Promise.all(first.map(async ({ result, words }) => ({
      meta: shown(await result.data()),
      score: result.score,
      // the reader's words only, as typed: the synonyms' words are never said missing
      terms: Object.fromEntries([...typed].map(([word, as]) => [as, words.has(word)]))
    })))
    return { type: RESULT, data: withAlternates({ items: groups(data, query) }) }
  }

  let queue = Promise.resolve()
  // The query typed last: a query a later keystroke replaced before its turn came is
  // not searched (Material shows only the last answer), so the answer to what the
  // reader typed is never followed by a stale one.
  let latest = null

  async function search(value) {
    if (!value.trim()) return { type: RESULT, data: { items: [] } }
    if (setup.config.passerelles.pagefind) return searchPagefind(value)
    loading = loading || load()
    await loading
    const { query, typed } = frenchQuery(value)
    if (!query) return { type: RESULT, data: { items: [] } }
    const reply = await ask({ type: QUERY, data: query })
    if (reply.type !== RESULT) return reply
    return { type: RESULT, data: withAlternates(readerTerms(reply.data, typed)) }
  }

  listen("message", ({ data: message }) => {
    if (message.type === SETUP) {
      setup = message.data
      send({ type: READY })
    } else if (message.type === QUERY) {
      latest = message.data
      queue = queue.then(async () => {
        if (message.data !== latest) return
        send(await search(message.data))
      }).catch(error => {
        console.warn(error)
        send({ type: RESULT, data: { items: [] } })
      })
    }
  })
})()
