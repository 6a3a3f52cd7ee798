// Article-body extraction from HTML: parse with gumbo (the HTML5 algorithm, so broken markup is
// repaired as a browser would), pick the element that holds the article, and keep its text blocks.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tacitus/ingest.h"

namespace tacitus {

namespace {

// Elements whose whole subtree is page furniture, never article text.
bool is_dropped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_FORM: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_MENU: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

// Elements that hold one block of text (a paragraph, heading, list item, quotation).
bool is_text_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// Elements that start a new block when met inside running text.
bool is_block_level(GumboTag tag) {
  if (is_text_block(tag)) return true;
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR:
    case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_CENTER:
      return true;
    default:
      return is_dropped_tag(tag);
  }
}

const char* attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

std::string lower_ascii(const char* s) {
  std::string out(s ? s : "");
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Words in class and id values that mark widgets: share bars, comment threads, promos, ads.
constexpr std::array<std::string_view, 41> kWidgetWords = {
    "share", "sharing", "sharebar", "social", "comment", "comments", "disqus", "related",
    "newsletter", "subscribe", "subscription", "promo", "promotion", "advert", "advertisement",
    "ad", "ads", "adslot", "sponsor", "sponsored", "cookie", "cookies", "consent", "gdpr",
    "sidebar", "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu", "footer",
    "popup", "modal", "paywall", "recommended", "recommendations", "outbrain", "taboola",
    "signup", "banner"};

bool has_widget_word(const char* value) {
  if (!value) return false;
  const std::string v = lower_ascii(value);
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    while (j < v.size() && ((v[j] >= 'a' && v[j] <= 'z') || (v[j] >= '0' && v[j] <= '9'))) ++j;
    if (j > i) {
      const std::string_view word(v.data() + i, j - i);
      if (std::find(kWidgetWords.begin(), kWidgetWords.end(), word) != kWidgetWords.end()) return true;
    }
    i = j + 1;
  }
  return false;
}

bool is_dropped(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  const GumboElement& e = node->v.element;
  if (is_dropped_tag(e.tag)) return true;
  if (e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML || e.tag == GUMBO_TAG_ARTICLE ||
      e.tag == GUMBO_TAG_MAIN)
    return false;
  if (attr(e, "hidden")) return true;
  if (const char* hidden = attr(e, "aria-hidden"); hidden && std::strcmp(hidden, "true") == 0) return true;
  if (const char* style = attr(e, "style")) {
    std::string s = lower_ascii(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos) return true;
  }
  if (const char* role = attr(e, "role")) {
    const std::string r = lower_ascii(role);
    if (r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" ||
        r == "search" || r == "dialog" || r == "menu")
      return true;
  }
  return has_widget_word(attr(e, "class")) || has_widget_word(attr(e, "id"));
}

// Appends `s` with whitespace runs (ASCII and U+00A0) collapsed to one space.
void append_collapsed(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    size_t skip = 0;
    if (!space && static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xA0)
      space = true, skip = 1;
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
      i += skip;
    } else {
      out.push_back(c);
    }
  }
}

// Text of a subtree with inline markup flattened; <br> becomes a line break. Counts the bytes
// that sit inside links, for the link-density test.
void inline_text(const GumboNode* node, std::string& out, size_t& link_bytes, bool in_link) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
      node->type == GUMBO_NODE_WHITESPACE) {
    const size_t before = out.size();
    append_collapsed(out, node->v.text.text);
    if (in_link) link_bytes += out.size() - before;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT || is_dropped(node)) return;
  const GumboElement& e = node->v.element;
  if (e.tag == GUMBO_TAG_BR) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out.push_back('\n');
    return;
  }
  const bool link = in_link || e.tag == GUMBO_TAG_A;
  for (unsigned i = 0; i < e.children.length; ++i)
    inline_text(static_cast<const GumboNode*>(e.children.data[i]), out, link_bytes, link);
}

bool has_block_child(const GumboNode* node) {
  const GumboElement& e = node->v.element;
  for (unsigned i = 0; i < e.children.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
    if (c->type == GUMBO_NODE_ELEMENT && is_block_level(c->v.element.tag) &&
        c->v.element.tag != GUMBO_TAG_BR)
      return true;
  }
  return false;
}

std::string tidy(const std::string& block) {
  // Trim every line of the block and drop its empty lines.
  std::string out;
  size_t i = 0;
  while (i <= block.size()) {
    size_t nl = block.find('\n', i);
    if (nl == std::string::npos) nl = block.size();
    size_t s = i, e = nl;
    while (s < e && block[s] == ' ') ++s;
    while (e > s && block[e - 1] == ' ') --e;
    if (e > s) {
      if (!out.empty()) out.push_back('\n');
      out.append(block, s, e - s);
    }
    i = nl + 1;
  }
  return out;
}

class BlockCollector {
 public:
  explicit BlockCollector(bool lists_need_context) : lists_need_context_(lists_need_context) {}

  void walk(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT || is_dropped(node)) return;
    const GumboElement& e = node->v.element;
    if (is_text_block(e.tag) && !has_block_child(node)) {
      add_block(node, e.tag);
      return;
    }
    // A container: inline runs between its block children are blocks of their own.
    std::string run;
    size_t run_links = 0;
    for (unsigned i = 0; i < e.children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
      if (c->type == GUMBO_NODE_ELEMENT && is_block_level(c->v.element.tag)) {
        flush(run, run_links);
        walk(c);
      } else {
        inline_text(c, run, run_links, false);
      }
    }
    flush(run, run_links);
  }

  std::vector<std::string> blocks;
  std::string first_h1;

 private:
  void add_block(const GumboNode* node, GumboTag tag) {
    std::string text;
    size_t links = 0;
    inline_text(node, text, links, false);
    text = tidy(text);
    if (text.empty()) return;
    if (tag == GUMBO_TAG_H1 && first_h1.empty()) first_h1 = text;
    // Outside an <article>/<main>, list items are mostly menus: keep only sentence-length ones.
    if (tag == GUMBO_TAG_LI && lists_need_context_ && text.size() < 80) return;
    keep(text, links);
  }

  void flush(std::string& run, size_t& run_links) {
    std::string text = tidy(run);
    if (!text.empty()) keep(text, run_links);
    run.clear();
    run_links = 0;
  }

  void keep(const std::string& text, size_t links) {
    // Link-dense blocks are navigation or "related" lists, not prose.
    if (links * 2 > text.size()) return;
    blocks.push_back(text);
  }

  bool lists_need_context_;
};

// Bytes of paragraph text under `node` (outside dropped subtrees): how much article it holds.
size_t paragraph_bytes(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT || is_dropped(node)) return 0;
  const GumboElement& e = node->v.element;
  if (e.tag == GUMBO_TAG_P) {
    std::string t;
    size_t links = 0;
    inline_text(node, t, links, false);
    return t.size() > links ? t.size() - links : 0;
  }
  size_t total = 0;
  for (unsigned i = 0; i < e.children.length; ++i)
    total += paragraph_bytes(static_cast<const GumboNode*>(e.children.data[i]));
  return total;
}

void find_elements(const GumboNode* node, std::vector<const GumboNode*>& articles,
                   const GumboNode*& main, const GumboNode*& body, const GumboNode*& title,
                   const GumboNode*& h1) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& e = node->v.element;
  switch (e.tag) {
    case GUMBO_TAG_ARTICLE: articles.push_back(node); break;
    case GUMBO_TAG_MAIN: if (!main) main = node; break;
    case GUMBO_TAG_BODY: if (!body) body = node; break;
    case GUMBO_TAG_TITLE: if (!title) title = node; break;
    case GUMBO_TAG_H1: if (!h1) h1 = node; break;
    default: {
      const char* itemprop = attr(e, "itemprop");
      const char* role = attr(e, "role");
      if (itemprop && lower_ascii(itemprop) == "articlebody") articles.push_back(node);
      else if (role && lower_ascii(role) == "main" && !main) main = node;
    }
  }
  // Navigation subtrees hold no article and no headline worth finding.
  if (e.tag != GUMBO_TAG_HEAD && e.tag != GUMBO_TAG_HEADER && is_dropped(node)) return;
  for (unsigned i = 0; i < e.children.length; ++i)
    find_elements(static_cast<const GumboNode*>(e.children.data[i]), articles, main, body, title, h1);
}

std::string title_text(const GumboNode* node) {
  std::string t;
  const GumboElement& e = node->v.element;
  for (unsigned i = 0; i < e.children.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
    if (c->type == GUMBO_NODE_TEXT) append_collapsed(t, c->v.text.text);
  }
  t = tidy(t);
  // "Headline | Site name": keep the headline.
  const size_t bar = t.find(" | ");
  if (bar != std::string::npos && bar > 0) t.resize(bar);
  return t;
}

}  // namespace

std::optional<size_t> html_nesting_overflow(std::string_view html, size_t limit) {
  // Elements that need no end tag: void ones, and those whose end tag HTML lets a writer omit.
  static const std::array<std::string_view, 31> kNoEndTag = {
      "area",  "base",  "br",       "col",    "embed", "hr",     "img",      "input",
      "link",  "meta",  "param",    "source", "track", "wbr",    "p",        "li",
      "dt",    "dd",    "tr",       "td",     "th",    "option", "optgroup", "thead",
      "tbody", "tfoot", "colgroup", "html",   "head",  "body",   "rt"};
  static const std::array<std::string_view, 5> kRawText = {"script", "style", "textarea", "title",
                                                           "xmp"};
  // The first "</name" (any case) at or after `from`.
  auto find_end_tag = [&](std::string_view name, size_t from) {
    for (size_t i = html.find("</", from); i != std::string_view::npos;
         i = html.find("</", i + 1)) {
      if (i + 2 + name.size() > html.size()) break;
      bool same = true;
      for (size_t k = 0; k < name.size() && same; ++k)
        same = std::tolower(static_cast<unsigned char>(html[i + 2 + k])) == name[k];
      if (same) return i;
    }
    return std::string_view::npos;
  };
  size_t depth = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') continue;
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t e = html.find("-->", i + 4);
      if (e == std::string_view::npos) break;
      i = e + 2;
      continue;
    }
    const bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    const size_t name_begin = i + 1 + (end_tag ? 1 : 0);
    size_t name_end = name_begin;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])))
      ++name_end;
    if (name_end == name_begin) continue;  // "a < b", "<!DOCTYPE", "<?xml"
    const size_t close = html.find('>', name_end);
    if (close == std::string_view::npos) break;
    std::string name(html.substr(name_begin, name_end - name_begin));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    i = close;
    if (html[close - 1] == '/' ||
        std::find(kNoEndTag.begin(), kNoEndTag.end(), name) != kNoEndTag.end())
      continue;
    if (end_tag) {
      if (depth > 0) --depth;
      continue;
    }
    if (++depth > limit) return name_begin - 1;
    if (std::find(kRawText.begin(), kRawText.end(), name) != kRawText.end()) {
      // Their text is not markup: skip to the end tag.
      const size_t e = find_end_tag(name, close + 1);
      if (e == std::string_view::npos) break;
      --depth;
      i = html.find('>', e);
      if (i == std::string_view::npos) break;
    }
  }
  return std::nullopt;
}

ExtractedArticle extract_article(std::string_view html) {
  ExtractedArticle result;
  if (auto at = html_nesting_overflow(html, kMaxHtmlDepth)) {
    result.problem = "HTML elements nested more than " + std::to_string(kMaxHtmlDepth) +
                     " deep at byte " + std::to_string(*at);
    return result;
  }
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!output) return result;
  std::vector<const GumboNode*> articles;
  const GumboNode *main = nullptr, *body = nullptr, *title = nullptr, *h1 = nullptr;
  find_elements(output->root, articles, main, body, title, h1);

  const GumboNode* root = nullptr;
  size_t best = 0;
  for (const GumboNode* a : articles) {
    const size_t bytes = paragraph_bytes(a);
    if (bytes > best) best = bytes, root = a;
  }
  if (!root && main) root = main;
  const bool in_context = root != nullptr;
  if (!root) root = body ? body : output->root;

  BlockCollector collector(!in_context);
  collector.walk(root);

  std::string headline = collector.first_h1;
  if (headline.empty() && h1) {
    std::string t;
    size_t links = 0;
    inline_text(h1, t, links, false);
    headline = tidy(t);
    std::replace(headline.begin(), headline.end(), '\n', ' ');
  }
  result.title = !headline.empty() ? headline : (title ? title_text(title) : std::string());

  const bool headline_in_blocks =
      !headline.empty() && std::find(collector.blocks.begin(), collector.blocks.end(), headline) !=
                               collector.blocks.end();
  if (!headline.empty() && !headline_in_blocks) result.text = headline;
  for (const std::string& b : collector.blocks) {
    if (!result.text.empty()) result.text.push_back('\n');
    result.text += b;
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return result;
}

}  // namespace tacitus
