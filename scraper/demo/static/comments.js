// The demo ngs22's comment widget: what a browser runs on `…/<id>/comments/`.
// Written for the demo newsroom, modelled on what is known of the Hearst
// Shkulev network: the thread is not in the HTML, the API address is built
// here, threads come 20 at a time, "Показать ещё" loads the next ones.
(function () {
  "use strict";
  var root = document.querySelector("[data-comments]");
  var found = location.pathname.match(/\/(\d{6,})\/comments\/$/);
  if (!root || !found) {
    return;
  }
  var articleId = found[1];
  var api = ["", "api", "v" + (root.getAttribute("data-version") || "1"), "comments", ""].join("/");
  var list = root.querySelector("[data-thread]");
  var more = root.querySelector("[data-more]");
  var total = root.querySelector("[data-total]");
  var nextPage = 1;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function printed(iso) {
    // 2022-08-22T16:58:00+07:00 -> 22.08.2022 16:58, as the site prints it
    return iso.slice(8, 10) + "." + iso.slice(5, 7) + "." + iso.slice(0, 4) + " " + iso.slice(11, 16);
  }

  function comment(item) {
    var node = element("article", {
      itemprop: "comment", itemscope: "", itemtype: "https://schema.org/Comment",
      "data-comment-id": String(item.id),
    });
    if (item.parentId !== null && item.parentId !== undefined) {
      node.setAttribute("data-parent-id", String(item.parentId));
    }
    if (item.status !== "published") {
      node.setAttribute("data-status", item.status);
    }
    var head = element("header");
    if (item.user && item.user.avatar) {
      head.appendChild(element("img", { src: item.user.avatar, alt: "", width: "32", height: "32" }));
    }
    head.appendChild(element("span", { itemprop: "author" }, item.user ? item.user.name : ""));
    head.appendChild(element("time", { itemprop: "dateCreated", datetime: item.createdAt }, printed(item.createdAt)));
    node.appendChild(head);
    if (item.text === null || item.status !== "published") {
      node.appendChild(element("p", { "data-removed": "" }, "Комментарий скрыт модератором"));
    } else {
      var text = element("div", { itemprop: "text" });
      text.innerHTML = item.text;  // the API sends escaped text with <br> between lines
      node.appendChild(text);
    }
    if (item.likes !== null && item.likes !== undefined) {
      var votes = element("footer");
      votes.appendChild(element("span", { itemprop: "upvoteCount" }, String(item.likes)));
      votes.appendChild(element("span", { itemprop: "downvoteCount" }, String(item.dislikes)));
      node.appendChild(votes);
    }
    if (item.replies && item.replies.length) {
      var group = element("div", { role: "group" });
      item.replies.forEach(function (reply) {
        group.appendChild(comment(reply));
      });
      node.appendChild(group);
    }
    return node;
  }

  function load() {
    root.setAttribute("aria-busy", "true");
    more.disabled = true;
    fetch(api + "?articleId=" + articleId + "&page=" + nextPage, { headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error("HTTP " + answer.status);
        }
        return answer.json();
      })
      .then(function (data) {
        data.comments.forEach(function (thread) {
          list.appendChild(comment(thread));
        });
        total.textContent = String(data.total);
        if (data.page < data.pages) {
          nextPage = data.page + 1;
          more.hidden = false;
          more.disabled = false;
        } else {
          more.remove();
        }
        root.setAttribute("aria-busy", "false");
      })
      .catch(function (error) {
        root.setAttribute("data-error", String(error));
        more.hidden = true;
        root.setAttribute("aria-busy", "false");
      });
  }

  more.addEventListener("click", load);
  load();
})();
