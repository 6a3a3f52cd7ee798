// Measures the dictionary on ACLED actor names: the fraction of actor1 strings of the ACLED
// development file (../shared/data/acled-2020-05) coded to the event's country. The figure is
// printed; the test fails only when it drops below a floor that guards against regressions.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "core/test_support.h"
#include "tacitus/actors.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

// Minimal RFC 4180 reader: quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

struct Score {
  size_t total = 0, coded = 0, right = 0;
};

Score score(const ActorDictionary& dict, const std::vector<std::vector<std::string>>& rows, size_t actor_col,
            size_t iso_col) {
  Score s;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() <= std::max(actor_col, iso_col) || rows[r][actor_col].empty()) continue;
    Document d;
    d.text = rows[r][actor_col];
    tokenize(d);
    code_actors(dict, d);
    ++s.total;
    for (const ActorMention& m : d.actors) {
      if (m.country.empty()) continue;
      ++s.coded;
      if (m.country == rows[r][iso_col]) ++s.right;
      break;
    }
  }
  return s;
}

TEST(AcledActors, Actor1CountryAgreement) {
  TACITUS_REQUIRE_SHARED(path, "data/acled-2020-05/acled-2020-05-01_09.csv");
  auto rows = read_csv(testing::read_file(path));
  ASSERT_GT(rows.size(), 1000u);
  const auto& header = rows[0];
  size_t actor_col = std::find(header.begin(), header.end(), "actor1") - header.begin();
  size_t iso_col = std::find(header.begin(), header.end(), "iso3") - header.begin();
  ASSERT_LT(actor_col, header.size());
  ASSERT_LT(iso_col, header.size());

  for (bool groups : {false, true}) {
    ActorOptions o;
    o.acled_groups = groups;
    auto dict = load_actor_dictionary(o);
    ASSERT_TRUE(dict.ok()) << dict.status().ToString();
    Score s = score(*dict.value(), rows, actor_col, iso_col);
    double right = double(s.right) / double(s.total);
    std::printf("[ acled ] actor1 strings: %zu; coded with a country: %.1f%%; event's country: %.1f%% "
                "(groups_acled.tsv %s)\n",
                s.total, 100.0 * double(s.coded) / double(s.total), 100.0 * right, groups ? "on" : "off");
    EXPECT_GT(right, groups ? 0.85 : 0.80);
  }
}

}  // namespace
}  // namespace tacitus
