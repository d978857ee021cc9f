// Unit strings at the edge (MODELS.md §A): every prefix, binary vs decimal, dimension errors.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "mlsysim/units.hpp"

using namespace mlsysim;

TEST_CASE("decimal SI prefixes scale by powers of 1000") {
  CHECK(parse_quantity_as("1 B", dim::bytes()) == 1.0);
  CHECK(parse_quantity_as("1 KB", dim::bytes()) == 1e3);
  CHECK(parse_quantity_as("1 kB", dim::bytes()) == 1e3);
  CHECK(parse_quantity_as("1 MB", dim::bytes()) == 1e6);
  CHECK(parse_quantity_as("1 GB", dim::bytes()) == 1e9);
  CHECK(parse_quantity_as("1 TB", dim::bytes()) == 1e12);
  CHECK(parse_quantity_as("1 PB", dim::bytes()) == 1e15);
  CHECK(parse_quantity_as("1 ps", dim::time()) == doctest::Approx(1e-12));
  CHECK(parse_quantity_as("1 ns", dim::time()) == doctest::Approx(1e-9));
  CHECK(parse_quantity_as("1 us", dim::time()) == doctest::Approx(1e-6));
  CHECK(parse_quantity_as("1 µs", dim::time()) == doctest::Approx(1e-6));
  CHECK(parse_quantity_as("1 ms", dim::time()) == doctest::Approx(1e-3));
  CHECK(parse_quantity_as("1 EFLOP/s", dim::flop_rate()) == 1e18);
}

TEST_CASE("binary prefixes are powers of 1024 and apply to bytes only") {
  CHECK(parse_quantity_as("1 KiB", dim::bytes()) == 1024.0);
  CHECK(parse_quantity_as("1 MiB", dim::bytes()) == 1048576.0);
  CHECK(parse_quantity_as("80 GiB", dim::bytes()) == 80.0 * 1073741824.0);
  CHECK(parse_quantity_as("1 TiB", dim::bytes()) == 1099511627776.0);
  CHECK(parse_quantity_as("80 GiB", dim::bytes()) != parse_quantity_as("80 GB", dim::bytes()));
  CHECK_THROWS_WITH_AS(parse_quantity("1 GiW"), "unknown unit 'GiW' (got '1 GiW')", std::invalid_argument);
}

TEST_CASE("the issue's examples parse to SI") {
  CHECK(parse_quantity_as("3.35 TB/s", dim::bandwidth()) == doctest::Approx(3.35e12));
  CHECK(parse_quantity_as("989 TFLOP/s", dim::flop_rate()) == doctest::Approx(989e12));
  CHECK(parse_quantity_as("989 TFLOPS", dim::flop_rate()) == doctest::Approx(989e12));
  CHECK(parse_quantity_as("624 TOPS", dim::flop_rate()) == doctest::Approx(624e12));  // §A: TOPS as FLOP/s
  CHECK(parse_quantity_as("700 W", dim::power()) == 700.0);
  CHECK(parse_quantity_as("400 Gb/s", dim::bandwidth()) == doctest::Approx(50e9));    // bits / 8
  CHECK(parse_quantity_as("400 Gbps", dim::bandwidth()) == doctest::Approx(50e9));
  CHECK(parse_quantity_as("1 kWh", dim::energy()) == doctest::Approx(3.6e6));
  CHECK(parse_quantity_as("555 gCO2e/kWh", dim::carbon_intensity()) == doctest::Approx(555e-3 / 3.6e6));
  CHECK(parse_quantity_as("1.8 L/kWh", dim::water_intensity()) == doctest::Approx(1.8 / 3.6e6));
  CHECK(parse_quantity_as("0.12 USD/kWh", dim::price_per_energy()) == doctest::Approx(0.12 / 3.6e6));
  CHECK(parse_quantity_as("150 kgCO2e", dim::carbon()) == doctest::Approx(150.0));
  CHECK(parse_quantity_as("1 year", dim::time()) == 8760.0 * 3600.0);
}

TEST_CASE("wrong dimensions and malformed strings are rejected with the field's expected unit") {
  CHECK_THROWS_WITH_AS(parse_quantity_as("1 TB/s", dim::flop_rate()), "expected FLOP/s (got '1 TB/s')",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity_as("80 GiB", dim::bandwidth()), "expected B/s (got '80 GiB')",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity_as("700 W", dim::energy()), "expected J (got '700 W')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity("fast"), "expected a number with a unit (got 'fast')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity(""), "expected a number with a unit (got '')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity("3 furlongs"), "unknown unit 'furlongs' (got '3 furlongs')",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity("1e400 B"), "must be a finite number (got '1e400 B')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity("inf B"), "expected a number with a unit (got 'inf B')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity("nan B"), "expected a number with a unit (got 'nan B')", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_quantity(". B"), "expected a number with a unit (got '. B')", std::invalid_argument);
}

TEST_CASE("numbers parse exactly as strtod does (correct rounding), for every form the catalogs use") {
  std::vector<std::string> cases = {"0", "1", "3.35", "0.1", "0.3", "2039", "989", "19.5", "0.000001", "1e-9",
                                    "123456789012345", "1234567890123456789", "9007199254740993", "1.5e22",
                                    "1.5e23", "7e-23", "4.9e-324", "1.7976931348623157e308", "-2.5", "+8",
                                    "00012.50", "0.0005625", "141", "1.25e5"};
  std::mt19937_64 rng(42);  // and random decimals of every length and exponent
  for (int i = 0; i < 2000; ++i) {
    const auto digits = std::to_string(rng() % 1000000000000000000ULL);
    const int point = static_cast<int>(rng() % (digits.size() + 1));
    cases.push_back(digits.substr(0, point) + "." + digits.substr(point) + "e" + std::to_string(static_cast<int>(rng() % 60) - 30));
  }
  for (const auto& c : cases) {
    CAPTURE(c);
    CHECK(parse_quantity(c + " B").value == std::strtod(c.c_str(), nullptr));
  }
}

TEST_CASE("dimension names are canonical") {
  CHECK(dim::flop_rate().name() == "FLOP/s");
  CHECK(dim::bandwidth().name() == "B/s");
  CHECK(dim::power().name() == "W");
  CHECK((dim::bytes() * dim::time()).name() == "s*B");
}
