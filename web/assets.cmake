# The dashboard's front-end files (docs/ARCHITECTURE.md, "Dashboard"),
# included from the top-level CMakeLists.txt after pg_dashboard exists.
#
# uPlot comes from the npm registry: `npm ci` installs exactly what
# web/package-lock.json pins into the BUILD folder (the source tree never gets
# a node_modules). Its minified script, style sheet and licence, and
# perfgate's own web/src files, are then embedded into pg_dashboard as byte
# arrays (web/embed_assets.cmake), each with a content hash for its
# cache-busting URL (/static/<hash>/<file>). The binary serves them itself: a
# page makes no request outside its server, and no CDN is ever involved.
find_program(PERFGATE_NPM NAMES npm)
if(NOT PERFGATE_NPM)
  message(FATAL_ERROR "npm not found: the build installs the dashboard's chart library "
    "(uPlot, web/package-lock.json) from the npm registry with `npm ci`. Install Debian's "
    "nodejs and npm (scripts/install-deps.sh does), or set PERFGATE_NPM to an npm.")
endif()

set(PERFGATE_WEB_DIR ${CMAKE_BINARY_DIR}/web)
set(uplot_dist ${PERFGATE_WEB_DIR}/node_modules/uplot/dist)
set(npm_stamp ${PERFGATE_WEB_DIR}/npm-ci.stamp)
file(MAKE_DIRECTORY ${PERFGATE_WEB_DIR})
# npm gives installed files the tarball's fixed times (1985), so a stamp file,
# not the files themselves, tells whether the lock file changed since.
# --ignore-scripts: nothing from the registry runs at build time.
add_custom_command(
  OUTPUT ${npm_stamp}
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/web/package.json
          ${CMAKE_SOURCE_DIR}/web/package-lock.json ${PERFGATE_WEB_DIR}
  COMMAND ${PERFGATE_NPM} ci --no-audit --no-fund --ignore-scripts --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${npm_stamp}
  BYPRODUCTS ${uplot_dist}/uPlot.iife.min.js ${uplot_dist}/uPlot.min.css
             ${PERFGATE_WEB_DIR}/node_modules/uplot/LICENSE
  WORKING_DIRECTORY ${PERFGATE_WEB_DIR}
  DEPENDS ${CMAKE_SOURCE_DIR}/web/package.json ${CMAKE_SOURCE_DIR}/web/package-lock.json
  COMMENT "npm ci: the dashboard's chart library, as web/package-lock.json pins it"
  VERBATIM)

# name=path pairs: the name is the file's URL name and the asset's key.
set(web_assets
  "uPlot.iife.min.js=${uplot_dist}/uPlot.iife.min.js"
  "uPlot.min.css=${uplot_dist}/uPlot.min.css"
  "uPlot-LICENSE.txt=${PERFGATE_WEB_DIR}/node_modules/uplot/LICENSE"
  "dashboard.js=${CMAKE_SOURCE_DIR}/web/src/dashboard.js"
  "dashboard.css=${CMAKE_SOURCE_DIR}/web/src/dashboard.css")
# What the embedding depends on besides the npm stamp: perfgate's own files.
# Named here, not picked out of web_assets by their folder: the build folder
# is often inside the source tree (build/), and uPlot's files, which only the
# npm step makes, must never become dependencies without a rule (a parallel
# build would look for them before npm ran).
set(web_asset_sources ${CMAKE_SOURCE_DIR}/web/src/dashboard.js
                      ${CMAKE_SOURCE_DIR}/web/src/dashboard.css)
string(REPLACE ";" "|" web_assets_arg "${web_assets}")

set(assets_cpp ${CMAKE_BINARY_DIR}/generated/dashboard_assets_data.cpp)
add_custom_command(
  OUTPUT ${assets_cpp}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${assets_cpp} -DASSETS=${web_assets_arg}
          -P ${CMAKE_SOURCE_DIR}/web/embed_assets.cmake
  DEPENDS ${npm_stamp} ${web_asset_sources} ${CMAKE_SOURCE_DIR}/web/embed_assets.cmake
  COMMENT "Embedding the dashboard's scripts and style sheets"
  VERBATIM)
target_sources(pg_dashboard PRIVATE ${assets_cpp})
