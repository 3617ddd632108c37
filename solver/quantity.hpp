// Physical quantities as case files write them: a plain number in the key's SI unit, or a
// string "<number> <unit>" ("5 cm", "68 °F", "1000 CFM"). Converts to the SI unit of the
// dimension (°C for temperature, since CaseSpec holds temperatures in °C).
// Knows nothing of YAML or of file locations: errors are std::invalid_argument with a
// message that the case parser prefixes with file:line: key.
#pragma once

#include <stdexcept>
#include <string>

namespace rackflow {

enum class Dimension {
  Dimensionless,
  Length,
  Temperature,
  TemperatureDifference,  // a span of temperature: "12 K" is 12, "20 °F" is 11.1
  Power,
  Velocity,
  VolumeFlow,
  Time,
  Pressure,
  HeatFlux,
  Acceleration,
  // Fluid properties: only their SI unit is accepted, so a file may still say what it means.
  Density,
  KinematicViscosity,
  SpecificHeat,
  ThermalConductivity,
  ThermalExpansion,
};

// "length", "temperature", ... for messages.
const char* dimension_name(Dimension d);
// The unit values are converted to: "m", "°C", "m3/s", ...; "" when dimensionless.
const char* si_unit(Dimension d);
// Every unit accepted for the dimension, comma separated: "m, cm, mm, ft, in".
std::string allowed_units(Dimension d);

struct Quantity {
  double value = 0;   // in si_unit(dimension)
  std::string shown;  // for messages: "0.05 m", or "5 cm (= 0.05 m)" when converted
};

// Parses text that is a number or "<number> <unit>" (the space is optional).
// Throws std::invalid_argument for a non-number, a non-finite number (before or after the
// conversion to SI), an unknown unit or a unit of another dimension; the message lists the
// allowed units.
Quantity parse_quantity(const std::string& text, Dimension d);

// A number for messages, to 10 significant digits without trailing zeros: 0.05, 6, 1.562e-05.
std::string format_number(double v);
// A value in the SI unit of its dimension, for messages: "0.05 m", "25 °C", "0.3".
std::string format_quantity(double v, Dimension d);

}  // namespace rackflow
