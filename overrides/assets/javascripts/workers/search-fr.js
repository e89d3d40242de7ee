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
 * - offers, under an action's result, each kit's view of the action.
 *
 * Material's worker is not changed: it is loaded here, its message handler and its
 * answers caught, so that it only sees the messages this worker hands it.
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

  const started = Promise.resolve(importScripts(material.href))

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

  // Each word of the query as the index keeps it: « l'élève » → « elev ».
  function frenchQuery(value) {
    return value
      .replace(/([\p{L}\p{N}])[-'’]+(?=[\p{L}\p{N}])/gu, "$1 ")
      .replace(/[\p{L}\p{N}@]+/gu, word => {
        const lower = word.toLowerCase()
        return stopWord(lower) ? "" : french(lower)
      })
      .replace(/\s+/g, " ")
      .trim()
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
    await started
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

  let queue = Promise.resolve()

  async function search(value) {
    if (!value.trim()) return { type: RESULT, data: { items: [] } }
    loading = loading || load()
    await loading
    const query = frenchQuery(value)
    if (!query) return { type: RESULT, data: { items: [] } }
    const reply = await ask({ type: QUERY, data: query })
    return reply.type === RESULT ? { type: RESULT, data: withAlternates(reply.data) } : reply
  }

  listen("message", ({ data: message }) => {
    if (message.type === SETUP) {
      setup = message.data
      send({ type: READY })
    } else if (message.type === QUERY) {
      queue = queue.then(() => search(message.data)).then(send, error => {
        console.warn(error)
        send({ type: RESULT, data: { items: [] } })
      })
    }
  })
})()
