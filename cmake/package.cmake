# SPDX-License-Identifier: MIT
# The core library as a CMake package (relocatable: every path in it is
# relative to where the config file lies), and the .deb (CPack).
include(CMakePackageConfigHelpers)
set(ARRAYLENS_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ArrayLens)
install(EXPORT ArrayLensTargets NAMESPACE ArrayLens:: DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR}
  COMPONENT Development)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/ArrayLensConfig.cmake.in
  ${CMAKE_BINARY_DIR}/ArrayLensConfig.cmake INSTALL_DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/ArrayLensConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/ArrayLensConfig.cmake ${CMAKE_BINARY_DIR}/ArrayLensConfigVersion.cmake
  DESTINATION ${ARRAYLENS_CMAKE_INSTALL_DIR} COMPONENT Development)

# ---- cpack -G DEB in the build folder, as Debian splits a program from its
# development files: arraylens_VERSION_ARCH.deb (the Runtime component: the
# program, its module, examples, desktop integration, man page) and
# arraylens-dev_VERSION_ARCH.deb (Development: headers, the static core, the
# CMake package), both under /usr.
set(CPACK_PACKAGE_NAME arraylens)
set(CPACK_PACKAGE_VENDOR "ArrayLens")
set(CPACK_PACKAGE_CONTACT "ArrayLens maintainers <arraylens@users.noreply.github.com>")
# Each package's Description: its synopsis line, then the long text. (No
# CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPackDeb would put it first in both.)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "view and edit what Python functions return, in a grid\n\
ArrayLens shows NumPy arrays, bytes, memory-mapped files and anything else\n\
that exports Python's buffer protocol in a grid, zero-copy, with edits\n\
written straight into the object. It opens Python scripts and data files\n\
(.npy, .npz, HDF5, netCDF-4, zarr) and works headless from the command line\n\
too (listings, metadata, CSV, statistics, PNG).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL Runtime Development)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME arraylens)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME arraylens-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION "ArrayLens's core library for your own programs\n\
The static core library of ArrayLens (C++20 + CPython, no Qt), its headers\n\
and a CMake package: find_package(ArrayLens REQUIRED COMPONENTS Core) gives\n\
ArrayLens::Core, with the seed's typed spans over Python buffers\n\
(PyBuffer::asBoolSpan and the rest).")
# What a consumer's find_package(ArrayLens) finds again: Python's embedding
# headers and library, zlib's link library.
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "python3-dev, python3-numpy, zlib1g-dev")
# dpkg-shlibdeps names Qt 6, libpython3.x and libc from what the binaries link;
# NumPy is imported at run time, so it is named here.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "python3-numpy")
# The libraries that extend what ArrayLens opens (lazy sources, data files).
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS
  "python3-pandas, python3-h5py, python3-zarr, python3-dask, python3-distributed, python3-xarray, python3-netcdf4")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "arraylens-dev")
include(CPack)
