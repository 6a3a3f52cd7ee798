// Tests of the gazetteer (names, file format, errors) and of the geo and locate stages. Most build a
// small gazetteer in memory so they need no data; the ones over the real default gazetteer skip
// when data/node_modules is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

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

const Place* find_place(const Document& d, std::string_view text) {
  for (const Place& p : d.places)
    if (p.text == text) return &p;
  return nullptr;
}

TEST(GeoStage, ResolvesWithContextAndOffsets) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Rockets hit the base at al-Taji near Baghdad, Iraqi officials said. Hope was lost.");
  resolve_places(*g, GeoOptions{}, d);
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
  Document d = doc_of("Airstrikes targeted sites along Iraq\xE2\x80\x99s border with Syria on Thursday.");
  resolve_places(*g, GeoOptions{}, d);
  ASSERT_EQ(d.places.size(), 1u);
  EXPECT_EQ(d.places[0].text, "Iraq\xE2\x80\x99s border with Syria");
  EXPECT_EQ(d.places[0].name, "Al-Anbar");
  EXPECT_EQ(d.places[0].precision, GeoPrecision::kAdmin1);
}

TEST(GeoStage, RelativeAndAdminExpressions) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Fighting broke out 30 km north of Mosul and in Anbar province.");
  resolve_places(*g, GeoOptions{}, d);
  ASSERT_NE(find_place(d, "30 km north of Mosul"), nullptr);
  const Place* anbar = find_place(d, "Anbar province");
  ASSERT_NE(anbar, nullptr);
  EXPECT_EQ(anbar->precision, GeoPrecision::kAdmin1);
}

TEST(LocateStage, PrefersTheAttachedPlaceThenTheSentenceThenTheArticle) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Iraqi forces said militants attacked a checkpoint in Mosul. Talks resumed.");
  resolve_places(*g, GeoOptions{}, d);
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

TEST(GeoStage, SurnamesCurrenciesAndLoneArticlesAreNotPlaces) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Secretary of State Mike Pompeo met Brazil's foreign minister. The US dollar rose. "
                      "Jets struck Al Hishah near Mosul. Gunmen shot a man in Colonia Santa Fe. The Police said.");
  resolve_places(*g, GeoOptions{}, d);
  EXPECT_EQ(find_place(d, "Pompeo"), nullptr);
  EXPECT_NE(find_place(d, "Brazil"), nullptr);
  EXPECT_EQ(find_place(d, "US"), nullptr);
  EXPECT_EQ(find_place(d, "Al"), nullptr);
  EXPECT_EQ(find_place(d, "Colonia"), nullptr);  // a neighbourhood type, not Cologne
  EXPECT_NE(find_place(d, "near Mosul"), nullptr);
  // A town after a locative preposition is still found.
  Document d2 = doc_of("Protesters gathered in Pompeo on Monday, Brazil's police said.");
  resolve_places(*g, GeoOptions{}, d2);
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
  auto r = Gazetteer::parse(b.serialize(), "namesakes");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

TEST(GeoStage, ATownInANamedRegionBeatsABiggerNamesakeAbroad) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Rebel forces fired grenade launchers at positions near Marinka, Donetsk.");
  resolve_places(*g, GeoOptions{}, d);
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
  Document d = doc_of("Forces fired mortars in the area of Sosnovskoye, Donetsk.");
  resolve_places(*g, GeoOptions{}, d);
  EXPECT_EQ(find_place(d, "Sosnovskoye"), nullptr);
  ASSERT_NE(find_place(d, "Donetsk"), nullptr);
  EXPECT_EQ(find_place(d, "Donetsk")->country, "UA");
  // Also when the only namesake known lies in the right country but far from the named region.
  Document d2 = doc_of("Rebels fired mortars near Kamyanka, Donetsk.");
  resolve_places(*g, GeoOptions{}, d2);
  EXPECT_EQ(find_place(d2, "near Kamyanka"), nullptr);
  EXPECT_NE(find_place(d2, "Donetsk"), nullptr);
}

TEST(GeoStage, TheDocumentsCountryBeatsABiggerNamesake) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("The Ukrainian army said shells fell near Azov overnight.");
  resolve_places(*g, GeoOptions{}, d);
  const Place* azov = find_place(d, "near Azov");
  ASSERT_NE(azov, nullptr);
  EXPECT_EQ(azov->country, "UA");
}

TEST(GeoStage, ARegionTheTextNamesIsTheTownsAdmin1) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Yemeni forces thwarted an attack in Hays district (Al Hudaydah), killing fighters.");
  resolve_places(*g, GeoOptions{}, d);
  const Place* hays = find_place(d, "Hays district");
  ASSERT_NE(hays, nullptr);
  EXPECT_EQ(hays->country, "YE");
  EXPECT_EQ(hays->admin1, "Al Hudaydah");
  EXPECT_TRUE(admin1_matches(*g, *hays, "Al Hudaydah"));
}

TEST(GeoStage, TheHeadOfALongerUnknownNameIsNotAPlace) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Rebels looted crops in Tal Baydar in the Donetsk countryside.");
  resolve_places(*g, GeoOptions{}, d);
  EXPECT_EQ(find_place(d, "Tal"), nullptr);
  EXPECT_NE(find_place(d, "Donetsk"), nullptr);
  // A capitalised run that ends in a level word is one name: "Hays Sadar village" is not Hays.
  Document d2 = doc_of("Gunmen attacked Hays Sadar village at night.");
  resolve_places(*g, GeoOptions{}, d2);
  EXPECT_EQ(find_place(d2, "Hays"), nullptr);
}

TEST(GeoStage, AVillageAbroadGivesWayToTheTownTheTextPutsItIn) {
  auto g = namesake_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Heavy artillery fire was reported in As Sabaa (Tripoli).");
  resolve_places(*g, GeoOptions{}, d);
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

TEST(EventLocation, ScoresTheEventPlaceOrTheFinerMainPlace) {
  auto g = small_gazetteer();
  ASSERT_TRUE(g);
  Document d = doc_of("Iraqi forces said militants attacked a checkpoint in Mosul.");
  resolve_places(*g, GeoOptions{}, d);
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
  // An event put only at the country yields to the note's finer main place.
  d.events[0].location = d.places.front();
  d.events[0].location->precision = GeoPrecision::kCountry;
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
