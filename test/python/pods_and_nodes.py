"""Creates a pod, then lists and reads pods and nodes with the official Python client.

The client deserializes every answer into its typed models, which refuse a missing required
field (ContainerStatus.imageID, NodeSystemInfo.bootID...): reading them is the test.
"""
import json
import sys

from kubernetes import client, config


def main(kubeconfig):
    config.load_kube_config(kubeconfig)
    core = client.CoreV1Api()
    container = client.V1Container(
        name="web",
        image="nginx:1.27",
        resources=client.V1ResourceRequirements(requests={"cpu": "100m"}),
    )
    body = client.V1Pod(
        metadata=client.V1ObjectMeta(name="py-web", labels={"app": "py-web"}),
        spec=client.V1PodSpec(containers=[container]),
    )
    created = core.create_namespaced_pod("default", body)
    listed = core.list_namespaced_pod("default", label_selector="app=py-web")
    pod = core.read_namespaced_pod("py-web", "default")
    status = pod.status.container_statuses[0]
    nodes = core.list_node()
    node = core.read_node(pod.spec.node_name)
    info = node.status.node_info
    print(json.dumps({
        "created": [created.api_version, created.kind, created.metadata.name],
        "listed": [p.metadata.name for p in listed.items],
        "phase": pod.status.phase,
        "qosClass": pod.status.qos_class,
        "hostIP": pod.status.host_ip,
        "podIPs": [p.ip for p in pod.status.pod_i_ps],
        "conditions": [c.type for c in pod.status.conditions],
        "container": {
            "imageID": status.image_id,
            "containerID": status.container_id,
            "ready": status.ready,
            "restartCount": status.restart_count,
            "started": status.started,
        },
        "nodes": [n.metadata.name for n in nodes.items],
        "node": {
            "bootID": info.boot_id,
            "machineID": info.machine_id,
            "systemUUID": info.system_uuid,
            "kubeletVersion": info.kubelet_version,
            "kubeletPort": node.status.daemon_endpoints.kubelet_endpoint.port,
            "addresses": [a.type for a in node.status.addresses],
        },
    }))


if __name__ == "__main__":
    main(sys.argv[1])
