#include <gtest/gtest.h>

#include <string>

#include "tacitus/ingest.h"

namespace tacitus {
namespace {

TEST(ExtractArticle, KeepsArticleDropsFurniture) {
  const std::string html = R"(<!doctype html><html><head><title>Strikes in Iraq - Example News</title>
<style>p{color:red}</style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Example News</a><nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
<main>
<article>
  <h1>US strikes militia sites in Iraq</h1>
  <div class="byline">By A. Reporter</div>
  <p>The United States   launched airstrikes on
  Thursday against militia sites in Iraq, officials said.</p>
  <div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
  <p>The strikes followed a rocket attack on the <a href="/taji">al-Taji base</a>.</p>
  <blockquote><p>“We will respond,” the Pentagon said.</p></blockquote>
  <ul><li>Two Americans were killed in the attack.</li></ul>
  <figure><img src="x.jpg"><figcaption>A photo caption</figcaption></figure>
  <aside><p>Related: more Iraq stories</p></aside>
  <form><p>Subscribe to our newsletter</p><input type="email"></form>
  <div id="comments"><p>Great article! - reader</p></div>
  <p style="display: none">hidden text</p>
</article>
</main>
<footer><p>Copyright 2020 Example News</p><a href="/about">About</a></footer>
</body></html>)";
  ExtractedArticle a = extract_article(html);
  EXPECT_EQ(a.title, "US strikes militia sites in Iraq");
  EXPECT_EQ(a.text,
            "US strikes militia sites in Iraq\n"
            "By A. Reporter\n"
            "The United States launched airstrikes on Thursday against militia sites in Iraq, officials said.\n"
            "The strikes followed a rocket attack on the al-Taji base.\n"
            "“We will respond,” the Pentagon said.\n"
            "Two Americans were killed in the attack.");
}

TEST(ExtractArticle, PicksTheArticleWithMostText) {
  const std::string html =
      "<body><article><p>Teaser.</p></article>"
      "<article><p>The real story has a long first paragraph about the talks.</p>"
      "<p>And a second one.</p></article></body>";
  EXPECT_EQ(extract_article(html).text,
            "The real story has a long first paragraph about the talks.\nAnd a second one.");
}

TEST(ExtractArticle, BodyFallbackDropsLinkListsAndMenus) {
  const std::string html =
      "<body><div><a href='/a'>Home</a> | <a href='/b'>News</a> | <a href='/c'>Sport</a></div>"
      "<ul><li><a href='/x'>World</a></li><li>Short item</li></ul>"
      "<div>Plain text in a div, without paragraphs, is still article text.<br>Second line.</div>"
      "<p>A paragraph.</p></body>";
  EXPECT_EQ(extract_article(html).text,
            "Plain text in a div, without paragraphs, is still article text.\nSecond line.\nA paragraph.");
}

TEST(ExtractArticle, TitleFallsBackToTitleElement) {
  ExtractedArticle a = extract_article("<html><head><title>Talks resume | Wire</title></head><body><p>Text.</p></body></html>");
  EXPECT_EQ(a.title, "Talks resume");
  EXPECT_EQ(a.text, "Text.");
}

TEST(ExtractArticle, MalformedAndEmptyInputDoNotCrash) {
  EXPECT_EQ(extract_article("").text, "");
  EXPECT_EQ(extract_article("<p>unclosed <b>bold <i>text").text, "unclosed bold text");
  EXPECT_EQ(extract_article("<p>a &amp; b &lt;c&gt; &nbsp; d</p>").text, "a & b <c> d");
  EXPECT_EQ(extract_article("no tags at all").text, "no tags at all");
}

std::string nested_divs(size_t depth, std::string_view inside) {
  std::string html;
  for (size_t i = 0; i < depth; ++i) html += "<div>";
  html += inside;
  for (size_t i = 0; i < depth; ++i) html += "</div>";
  return html;
}

TEST(ExtractArticle, PagesNestedPastTheLimitAreRefusedWithTheOffset) {
  const ExtractedArticle ok = extract_article(nested_divs(kMaxHtmlDepth, "<p>Deep text.</p>"));
  EXPECT_EQ(ok.problem, "");
  EXPECT_EQ(ok.text, "Deep text.");
  // The start tag that goes one level too deep is the (kMaxHtmlDepth + 1)-th "<div>".
  const ExtractedArticle deep =
      extract_article(nested_divs(kMaxHtmlDepth + 1, "<p>Deep text.</p>"));
  EXPECT_EQ(deep.problem,
            "HTML elements nested more than 512 deep at byte " + std::to_string(5 * kMaxHtmlDepth));
  EXPECT_EQ(deep.text, "");
  EXPECT_EQ(deep.title, "");
}

TEST(HtmlNesting, CountsOnlyElementsThatNeedAnEndTag) {
  std::string flat;
  for (int i = 0; i < 2000; ++i) flat += "<p>para <br> <img src=x.png/> <li>item <!-- <div> -->";
  EXPECT_EQ(html_nesting_overflow(flat, 10), std::nullopt);
  // Markup-like text inside scripts and styles is not markup.
  EXPECT_EQ(html_nesting_overflow("<script>if (a<b) x = '<div><div><div>';</script><div></div>", 2),
            std::nullopt);
  EXPECT_EQ(html_nesting_overflow("<DIV><Span><b>x</b></Span></DIV>", 3), std::nullopt);
  EXPECT_EQ(html_nesting_overflow("<DIV><Span><b>x</b></Span></DIV>", 2),
            std::optional<size_t>(11));
  // "a < b" and unterminated tags are not start tags.
  EXPECT_EQ(html_nesting_overflow("a < b <", 0), std::nullopt);
}

}  // namespace
}  // namespace tacitus
