// How YAML is read: as kubectl and kube-apiserver read it (sigs.k8s.io/yaml over go-yaml v2), with
// YAML 1.1 scalars: `0120` is the octal 80, `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `<<`
// merges. go-yaml v2 has no sexagesimal numbers (`1:20` stays a string) and keeps timestamps as the
// strings they were written as, so those YAML 1.1 tags are left out. It parses integers with Go's
// strconv.ParseInt(s, 0, 64), which also reads a `0o` octal prefix (`0o17` is 15).
import type { DocumentOptions, ParseOptions, ScalarTag, SchemaOptions, Tags } from 'yaml';

const goOctal: ScalarTag = {
  identify: (v) => Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (text) => {
    const n = parseInt(text.replace(/^[-+]?0o/, '').replace(/_/g, ''), 8);
    return text.startsWith('-') ? -n : n;
  },
};

function goYamlV2Tags(tags: Tags): Tags {
  const kept = tags.filter(
    (t) =>
      typeof t !== 'object' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp'),
  );
  return [goOctal, ...kept];
}

/**
 * Aliases one document may expand to, counted as the `yaml` package counts them (uses of an anchor
 * times the aliases inside it): the package's default, far above what hand-written manifests use
 * and far below an expansion attack (10,000 aliases are refused after the 100th).
 */
export const MAX_YAML_ALIASES = 100;

export const KUBE_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  customTags: goYamlV2Tags,
  // Checked in one pass by yaml-keys.ts instead of the package's quadratic check.
  uniqueKeys: false,
};
