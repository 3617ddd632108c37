// Field output: one Snapshot to one VTK XML ImageData file (.vti), cell data in SI units.
// Exactly one implementation is built: vti_writer_vtk.cpp through the VTK library, or
// vti_writer_plain.cpp by hand for builds without VTK (the GPU machine). Both take their
// array names from here, so ParaView state files work with either.
#pragma once

#include <filesystem>
#include <vector>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

namespace field_names {
inline constexpr char temperature[] = "temperature_C";  // Float32, 1 component
inline constexpr char velocity[] = "velocity_m_s";      // Float32, 3 components
inline constexpr char pressure[] = "pressure_Pa";       // Float32, 1 component
inline constexpr char object_id[] = "object_id";        // Int32, 1 component
// Time statistics (Snapshot::has_statistics), written only when the run averages.
inline constexpr char temperature_mean[] = "temperature_mean_C";  // Float32, 1 component
inline constexpr char temperature_rms[] = "temperature_rms_K";    // Float32, 1 component
inline constexpr char velocity_mean[] = "velocity_mean_m_s";      // Float32, 3 components
inline constexpr char velocity_rms[] = "velocity_rms_m_s";        // Float32, 1 component (|u'|)
}  // namespace field_names

// One cell array of a field file as the VTK XML format declares it.
struct FieldArray {
  const char* name;  // a field_names:: constant
  const char* type;  // VTK XML type: "Float32" or "Int32"
  int components;
};

// The arrays write_vti writes, in its order: the instantaneous fields, then the time
// statistics when `with_statistics` (Snapshot::has_statistics). The .pvti declares these.
std::vector<FieldArray> field_arrays(bool with_statistics);

// Throws std::invalid_argument if the grid is empty, the spacing is not positive, or a
// piece does not lie inside its domain (offset_cells >= 0, offset_cells + cells <=
// domain_cells, and the domain within VTK's int extents). The arrays are not looked at.
void check_snapshot_grid(const Snapshot& snapshot);

// check_snapshot_grid, and std::invalid_argument if an array's length does not match the
// cell count (a short array would otherwise be written as a file that opens but shows
// garbage). The statistics arrays are all empty or all full.
void check_snapshot(const Snapshot& snapshot);

// Writes `file` atomically (a temporary then a rename). The fields are cell data; points
// span offset_cells .. offset_cells + cells on each axis (0..nx, 0..ny, 0..nz for the whole
// domain), as both WholeExtent and Piece Extent, with Origin the domain's origin, so a
// piece opened alone sits where it belongs. Throws std::invalid_argument for an
// inconsistent snapshot and std::runtime_error naming the file for I/O errors.
void write_vti(const Snapshot& snapshot, const std::filesystem::path& file);

}  // namespace rackflow::post
