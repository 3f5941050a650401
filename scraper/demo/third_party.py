"""A third party the demo pages call on: an ad network's and a counter's stand-in.

Real news pages load scripts, pixels and fonts from other hosts. The demo
ngs22's comments page loads `tag.js` from here, which asks for more (a
pixel, another script), as counters do. A crawl must never reach it: its
server's request log is how the tests check that.
"""

from __future__ import annotations

from scraper.demo.server import Reply

TAG = """(function () {
  var pixel = new Image();
  pixel.src = document.currentScript.src.replace("tag.js", "watch/1?page=") + encodeURIComponent(location.href);
  var more = document.createElement("script");
  more.src = document.currentScript.src.replace("tag.js", "ads/loader.js");
  document.head.appendChild(more);
})();
"""


class ThirdParty:
    name = "third_party"

    def respond(self, path: str, query: dict[str, str], day: int, origin: str) -> Reply:
        if path.endswith(".js"):
            return Reply(200, TAG.encode(), "text/javascript; charset=utf-8")
        return Reply(200, b"GIF89a", "image/gif")

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow:\n"

    def blocked_page(self) -> Reply:
        return Reply.not_found()
