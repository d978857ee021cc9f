// Catalog invariants: every entry parses, is sourced, has positive values and a positive ridge.
#include <doctest/doctest.h>

#include <cctype>
#include <set>

#include "mlsysim/catalog.hpp"
#include "mlsysim/error.hpp"
#include "mlsysim/precision_plan.hpp"
#include "mlsysim/text.hpp"
#include "mlsysim/workload.hpp"

using namespace mlsysim;

TEST_CASE("the built-in catalog holds every upstream device, model and grid") {
  const Catalog& c = Catalog::builtin();
  CHECK(c.devices().size() == 45);
  CHECK(c.models().size() == 33);
  CHECK(c.regions().size() >= 12);
}

TEST_CASE("every device has positive peaks, capacity, bandwidth, a source and a positive ridge point") {
  for (const auto& d : Catalog::builtin().devices()) {
    CAPTURE(d.name);
    CHECK(d.peak_flops > 0);
    CHECK(d.memory_capacity > 0);
    CHECK(d.memory_bandwidth > 0);
    CHECK(!d.source.empty());
    CHECK(d.peak_flops / d.memory_bandwidth > 0);
    for (const auto& [k, v] : d.precision_flops) CHECK(v > 0);
    for (auto opt : {d.tdp, d.unit_cost, d.dispatch_tax, d.scale_up_bandwidth, d.host_link_bandwidth})
      if (opt) CHECK(*opt > 0);
    CHECK(!runnable_precisions(d).empty());
  }
}

TEST_CASE("names are unique across entries and aliases, case-insensitively") {
  std::set<std::string> seen;
  for (const auto& d : Catalog::builtin().devices()) {
    CHECK(seen.insert(to_lower(d.name)).second);
    for (const auto& a : d.aliases) CHECK_MESSAGE(seen.insert(to_lower(a)).second, a);
  }
  seen.clear();
  for (const auto& m : Catalog::builtin().models()) {
    CHECK(seen.insert(to_lower(m.name)).second);
    for (const auto& a : m.aliases) CHECK_MESSAGE(seen.insert(to_lower(a)).second, a);
  }
}

TEST_CASE("every model builds a workload with positive parameters and is sourced") {
  for (const auto& m : Catalog::builtin().models()) {
    CAPTURE(m.name);
    std::vector<std::string> warnings;
    Workload w = make_workload(m, "model", warnings);
    CHECK(!m.source.empty());
    CHECK((w.params > 0 || w.weight_bytes_fixed > 0));
    CHECK(w.active_params <= w.params);
    if (m.published_parameters && w.is_transformer())
      CHECK(std::abs(w.params / *m.published_parameters - 1) < 0.01);
  }
}

TEST_CASE("every region is sourced with a non-negative intensity and PUE ≥ 1") {
  for (const auto& r : Catalog::builtin().regions()) {
    CAPTURE(r.name);
    CHECK(r.carbon_intensity >= 0);
    CHECK(r.pue >= 1);
    CHECK(!r.source.empty());
  }
}

TEST_CASE("lookup is case-insensitive, follows aliases and suggests near names") {
  const Catalog& c = Catalog::builtin();
  CHECK(c.device("a100", "hardware").name == "A100");
  CHECK(c.device("A100_80GB", "hardware").name == "A100");
  CHECK(c.model("llama3_70b", "model").name == "Llama3_70B");
  try {
    c.model("ResNet5", "model");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.path() == "model");
    CHECK(std::string(e.what()).rfind("unknown model 'ResNet5'; did you mean ResNet50", 0) == 0);
  }
}

TEST_CASE("HBM capacities are binary: an '80 GB' H100 holds 80 GiB and an H200 141 GiB (§A)") {
  const Catalog& c = Catalog::builtin();
  CHECK(c.device("H100", "hardware").memory_capacity == 80.0 * 1073741824.0);
  CHECK(c.device("H200", "hardware").memory_capacity == 141.0 * 1073741824.0);
}

TEST_CASE("a catalog entry without a source is rejected when the catalog loads") {
  nlohmann::json hw = {{"devices", {{{"name", "X"}, {"peak_flops", "1 TFLOP/s"}, {"memory_capacity", "1 GiB"},
                                     {"memory_bandwidth", "1 GB/s"}}}}};
  nlohmann::json empty_models = {{"models", nlohmann::json::array()}};
  nlohmann::json empty_regions = {{"regions", nlohmann::json::array()}};
  CHECK_THROWS_WITH_AS(Catalog::from_json(hw, empty_models, empty_regions), "is required", InputError);
  hw["devices"][0]["source"] = "datasheet";
  hw["devices"][0]["memory_bandwidth"] = "1 GiB";
  CHECK_THROWS_WITH_AS(Catalog::from_json(hw, empty_models, empty_regions), "expected B/s (got '1 GiB')", InputError);
}

TEST_CASE("lazy lookup finds what an eager catalog finds, for every name and alias of every file") {
  // The built-in catalog converts entries on first lookup; a catalog from the same files converts
  // all at once. Each lookup runs against a fresh lazy table, so none is helped by an earlier one.
  using nlohmann::json;
  auto file = [](const EmbeddedCatalog& c, const char* key) {  // the whole file, as from_json takes it
    json list = json::array();
    for (std::size_t i = 0; i < c.count; ++i) list.push_back(json::parse(c.entries[i].json));
    return json{{key, list}};
  };
  const json hw = file(kHardwareCatalog, "devices"), models = file(kModelsCatalog, "models"),
             regions = file(kRegionsCatalog, "regions"), fabrics = file(kFabricsCatalog, "fabrics");
  const Catalog eager = Catalog::from_json(hw, models, regions, fabrics);
  auto to_upper = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
  };
  auto check = [&](const auto& entries, auto fresh_find) {
    for (const auto& e : entries) {
      CAPTURE(e.name);
      CHECK(fresh_find(e.name).name == e.name);
      CHECK(fresh_find(to_upper(e.name)).name == e.name);
      for (const auto& a : e.aliases) CHECK(fresh_find(a).name == e.name);
    }
  };
  // A lookup in a new lazy table over one embedded file.
  auto fresh = [](const EmbeddedCatalog& embedded, const char* file, auto parse, const char* what) {
    return [=](const std::string& n) { return CatalogTable(embedded, file, parse).find(n, "path", what); };
  };
  check(eager.devices(), fresh(kHardwareCatalog, "catalogs/hardware.json", parse_device, "hardware"));
  check(eager.models(), fresh(kModelsCatalog, "catalogs/models.json", parse_model, "model"));
  check(eager.regions(), fresh(kRegionsCatalog, "catalogs/regions.json", parse_region, "region"));
  check(eager.fabrics(), fresh(kFabricsCatalog, "catalogs/fabrics.json", parse_fabric, "fabric"));
  CHECK(Catalog::builtin().devices().size() == eager.devices().size());
  CHECK(Catalog::builtin().fabrics().size() == eager.fabrics().size());
}

TEST_CASE("a lazy table converts only the entry asked for: a bad neighbour fails when it is used") {
  const EmbeddedEntry entries[] = {
      {"Good\n", R"({"name": "Good", "carbon_intensity": "400 gCO2e/kWh", "source": "test"})"},
      {"Bad\nWorse\n", R"({"name": "Bad", "aliases": ["Worse"], "carbon_intensity": "-1 gCO2e/kWh", "source": "test"})"}};
  const EmbeddedCatalog embedded{entries, 2};
  const CatalogTable<Region> table(embedded, "catalogs/regions.json", parse_region);
  CHECK(table.find("good", "site.region", "region").name == "Good");
  CHECK_THROWS_WITH_AS(table.find("worse", "site.region", "region"), "must be ≥ 0", InputError);
  try {
    table.all();
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.path() == "catalogs/regions.json:Bad.carbon_intensity");
  }
  try {  // unknown names are suggested from the file, converted or not
    table.find("Goot", "site.region", "region");
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.path() == "site.region");
    CHECK(std::string(e.what()).rfind("unknown region 'Goot'; did you mean Good", 0) == 0);
  }
  const nlohmann::json no_list = {{"zones", nlohmann::json::array()}};
  CHECK_THROWS_WITH_AS(CatalogFile(no_list, "catalogs/regions.json", "regions"), "must hold a list 'regions'", InputError);
}
