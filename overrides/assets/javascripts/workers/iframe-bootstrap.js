// Passerelles: what iframe-worker 1.0.4 (assets/vendor/iframe-worker/shim.js) wrote as an
// inline script into the <iframe> that stands in for the search worker of the offline copy
// (file://), as a file of its own, so that the copy's Content-Security-Policy allows no
// inline script. Same statements; the worker's address comes from the data-worker
// attribute of this script's element. It sits beside the worker: Material's worker finds
// its stemmers (« ../lunr/ ») from the first script of the frame, which is this one.
// Not strict mode on purpose: `importScripts` becomes a global of the frame, as before.
/* eslint-disable no-global-assign */
postMessage = function (message, origin) {
  parent.postMessage(message, origin || "*")
}
importScripts = function (...urls) {
  return urls.reduce(
    (chain, url) => chain.then(() => new Promise((resolve) => {
      const script = document.createElement("script")
      script.src = url
      script.onload = resolve
      document.body.appendChild(script)
    })),
    Promise.resolve()
  )
}
addEventListener("error", (({ dataset }) => ({ error }) => {
  parent.dispatchEvent(new ErrorEvent("error", { filename: dataset.worker, error }))
})(document.currentScript))
