// The little XML text the hand-written VTK files need (.pvd series, .pvti): numbers that
// read back exactly and attribute values that keep the markup well-formed.
#pragma once

#include <string>

namespace rackflow::post::xml {

// Shortest text that reads back as the same double, independent of the C++ locale, so
// distinct output times stay distinct and origins stay exact.
std::string number(double value);

// `text` escaped for a double-quoted attribute value (&, <, >, ").
std::string attribute(const std::string& text);

}  // namespace rackflow::post::xml
