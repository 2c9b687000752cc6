// How YAML is read: as kubectl and kube-apiserver read it (sigs.k8s.io/yaml over go-yaml v2), with
// YAML 1.1 scalars: `0120` is the octal 80, `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `<<`
// merges. go-yaml v2 has no sexagesimal numbers (`1:20` stays a string) and keeps timestamps as the
// strings they were written as, so those YAML 1.1 tags are left out.
import type { DocumentOptions, ParseOptions, SchemaOptions, Tags } from 'yaml';

function goYamlV2Tags(tags: Tags): Tags {
  return tags.filter(
    (t) =>
      typeof t !== 'object' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp'),
  );
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
