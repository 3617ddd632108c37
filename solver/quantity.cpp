#include "quantity.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rackflow {
namespace {

// value_si = (value + offset) * factor / divisor. The divisor keeps the common cases exact
// and correctly rounded: "5 cm" is 0.05, "68 °F" is 20, "1 min" is 60.
struct Unit {
  const char* symbol;
  Dimension dimension;
  double factor;
  double divisor;
  double offset;
};

// The first unit listed for a dimension is its SI unit (the one CaseSpec holds).
constexpr Unit kUnits[] = {
    {"m", Dimension::Length, 1, 1, 0},
    {"cm", Dimension::Length, 1, 100, 0},
    {"mm", Dimension::Length, 1, 1000, 0},
    {"ft", Dimension::Length, 0.3048, 1, 0},
    {"in", Dimension::Length, 0.0254, 1, 0},

    {"°C", Dimension::Temperature, 1, 1, 0},
    {"C", Dimension::Temperature, 1, 1, 0},
    {"degC", Dimension::Temperature, 1, 1, 0},
    {"°F", Dimension::Temperature, 5, 9, -32},
    {"F", Dimension::Temperature, 5, 9, -32},
    {"degF", Dimension::Temperature, 5, 9, -32},
    {"K", Dimension::Temperature, 1, 1, -273.15},

    {"K", Dimension::TemperatureDifference, 1, 1, 0},
    {"°C", Dimension::TemperatureDifference, 1, 1, 0},
    {"C", Dimension::TemperatureDifference, 1, 1, 0},
    {"degC", Dimension::TemperatureDifference, 1, 1, 0},
    {"°F", Dimension::TemperatureDifference, 5, 9, 0},
    {"F", Dimension::TemperatureDifference, 5, 9, 0},
    {"degF", Dimension::TemperatureDifference, 5, 9, 0},

    {"W", Dimension::Power, 1, 1, 0},
    {"kW", Dimension::Power, 1e3, 1, 0},
    {"MW", Dimension::Power, 1e6, 1, 0},

    {"m/s", Dimension::Velocity, 1, 1, 0},
    {"ft/min", Dimension::Velocity, 0.3048, 60, 0},
    {"fpm", Dimension::Velocity, 0.3048, 60, 0},

    {"m3/s", Dimension::VolumeFlow, 1, 1, 0},
    {"m³/s", Dimension::VolumeFlow, 1, 1, 0},
    {"m3/h", Dimension::VolumeFlow, 1, 3600, 0},
    {"m³/h", Dimension::VolumeFlow, 1, 3600, 0},
    {"CFM", Dimension::VolumeFlow, 0.028316846592, 60, 0},  // ft³/min, 0.3048³ m³ exactly
    {"cfm", Dimension::VolumeFlow, 0.028316846592, 60, 0},
    {"L/s", Dimension::VolumeFlow, 1, 1000, 0},

    {"s", Dimension::Time, 1, 1, 0},
    {"min", Dimension::Time, 60, 1, 0},
    {"h", Dimension::Time, 3600, 1, 0},

    {"Pa", Dimension::Pressure, 1, 1, 0},
    {"kPa", Dimension::Pressure, 1e3, 1, 0},

    {"W/m2", Dimension::HeatFlux, 1, 1, 0},
    {"W/m²", Dimension::HeatFlux, 1, 1, 0},

    {"m/s2", Dimension::Acceleration, 1, 1, 0},
    {"m/s²", Dimension::Acceleration, 1, 1, 0},

    {"kg/m3", Dimension::Density, 1, 1, 0},
    {"kg/m³", Dimension::Density, 1, 1, 0},
    {"m2/s", Dimension::KinematicViscosity, 1, 1, 0},
    {"m²/s", Dimension::KinematicViscosity, 1, 1, 0},
    {"J/(kg K)", Dimension::SpecificHeat, 1, 1, 0},
    {"W/(m K)", Dimension::ThermalConductivity, 1, 1, 0},
    {"1/K", Dimension::ThermalExpansion, 1, 1, 0},
};

// The unit of dimension d with this symbol, else any unit with it (for the message): "K"
// is a temperature and a temperature difference.
const Unit* find_unit(const std::string& symbol, Dimension d) {
  const Unit* other = nullptr;
  for (const Unit& u : kUnits) {
    if (symbol != u.symbol) continue;
    if (u.dimension == d) return &u;
    if (!other) other = &u;
  }
  return other;
}

std::string trim(const std::string& s) {
  const char* ws = " \t";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string expected_form(Dimension d) {
  if (d == Dimension::Dimensionless) return "expected a plain number";
  return std::string("expected a number in ") + si_unit(d) + ", or \"<number> <unit>\" with a unit of " +
         dimension_name(d) + ": " + allowed_units(d);
}

}  // namespace

const char* dimension_name(Dimension d) {
  switch (d) {
    case Dimension::Dimensionless: return "dimensionless number";
    case Dimension::Length: return "length";
    case Dimension::Temperature: return "temperature";
    case Dimension::TemperatureDifference: return "temperature difference";
    case Dimension::Power: return "power";
    case Dimension::Velocity: return "velocity";
    case Dimension::VolumeFlow: return "volumetric flow";
    case Dimension::Time: return "time";
    case Dimension::Pressure: return "pressure";
    case Dimension::HeatFlux: return "heat flux";
    case Dimension::Acceleration: return "acceleration";
    case Dimension::Density: return "density";
    case Dimension::KinematicViscosity: return "kinematic viscosity";
    case Dimension::SpecificHeat: return "specific heat";
    case Dimension::ThermalConductivity: return "thermal conductivity";
    case Dimension::ThermalExpansion: return "thermal expansion coefficient";
  }
  return "quantity";
}

const char* si_unit(Dimension d) {
  for (const Unit& u : kUnits)
    if (u.dimension == d) return u.symbol;
  return "";
}

std::string allowed_units(Dimension d) {
  std::string list;
  for (const Unit& u : kUnits) {
    if (u.dimension != d) continue;
    if (!list.empty()) list += ", ";
    list += u.symbol;
  }
  return list.empty() ? std::string("none") : list;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string format_quantity(double v, Dimension d) {
  const std::string unit = si_unit(d);
  return unit.empty() ? format_number(v) : format_number(v) + " " + unit;
}

Quantity parse_quantity(const std::string& text, Dimension d) {
  const std::string s = trim(text);
  // from_chars is locale-independent (strtod is not) but does not take a leading '+'.
  const char* first = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  const char* last = s.data() + s.size();
  double number = 0;
  const auto [end, ec] = std::from_chars(first, last, number);
  if (s.empty() || ec != std::errc() || end == first)
    throw std::invalid_argument("\"" + s + "\" is not a number (" + expected_form(d) + ")");
  if (!std::isfinite(number))
    throw std::invalid_argument("\"" + s + "\" is not a finite number");

  const std::string number_text(s.data(), end);
  const std::string symbol = trim(std::string(end, last));
  Quantity q;
  if (symbol.empty()) {
    q.value = number;
    q.shown = format_quantity(number, d);
    return q;
  }
  if (d == Dimension::Dimensionless)
    throw std::invalid_argument("\"" + s + "\" has a unit, but this value is a plain number");
  const Unit* u = find_unit(symbol, d);
  if (!u)
    throw std::invalid_argument("unknown unit \"" + symbol + "\" in \"" + s + "\" (allowed units of " +
                                dimension_name(d) + ": " + allowed_units(d) + ")");
  if (u->dimension != d)
    throw std::invalid_argument("unit \"" + symbol + "\" in \"" + s + "\" is a unit of " +
                                dimension_name(u->dimension) + ", not of " + dimension_name(d) +
                                " (allowed: " + allowed_units(d) + ")");
  q.value = (number + u->offset) * u->factor / u->divisor;
  // A finite number times a unit factor can still overflow: "1e308 MW" is infinite in W.
  if (!std::isfinite(q.value))
    throw std::invalid_argument("\"" + s + "\" is " + format_number(q.value) + " in " + si_unit(d) +
                                ", beyond the largest finite number (allowed: finite values, below about 1.8e308 " +
                                si_unit(d) + ")");
  q.shown = symbol == si_unit(d) ? format_quantity(q.value, d)
                                 : number_text + " " + symbol + " (= " + format_quantity(q.value, d) + ")";
  return q;
}

}  // namespace rackflow
