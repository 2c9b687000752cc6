"""A watch with the official Python client (it sends watch=True), ended by timeout_seconds,
and the discovery calls it makes with a trailing slash (/version/, /api/, /api/v1/)."""
import json
import sys

from kubernetes import client, config, watch


def main(kubeconfig):
    config.load_kube_config(kubeconfig)
    core = client.CoreV1Api()
    core.create_namespaced_config_map(
        "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-cm"), data={"a": "b"})
    )
    events = []
    for event in watch.Watch().stream(core.list_namespaced_config_map, "default", timeout_seconds=2):
        events.append([event["type"], event["object"].kind, event["object"].metadata.name])
    resources = [r.name for r in core.get_api_resources().resources]
    print(json.dumps({
        "events": events,
        "version": client.VersionApi().get_code().git_version,
        "apiVersions": client.CoreApi().get_api_versions().versions,
        "statusSubresources": sorted(r for r in resources if r.endswith("/status")),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
