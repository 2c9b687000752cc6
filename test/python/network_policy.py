"""NetworkPolicy with the official Python client: create from its models, read back (its models
require spec.podSelector), list, watch and delete through NetworkingV1Api."""
import json
import sys

from kubernetes import client, config, watch


def main(kubeconfig):
    config.load_kube_config(kubeconfig)
    net = client.NetworkingV1Api()
    body = client.V1NetworkPolicy(
        metadata=client.V1ObjectMeta(name="py-np"),
        spec=client.V1NetworkPolicySpec(
            pod_selector=client.V1LabelSelector(match_labels={"app": "web"}),
            ingress=[
                client.V1NetworkPolicyIngressRule(
                    _from=[client.V1NetworkPolicyPeer(ip_block=client.V1IPBlock(cidr="10.0.0.0/8", _except=["10.1.0.0/16"]))],
                    ports=[client.V1NetworkPolicyPort(port=80, end_port=90)],
                )
            ],
        ),
    )
    created = net.create_namespaced_network_policy("default", body)
    read = net.read_namespaced_network_policy("py-np", "default")
    rule = read.spec.ingress[0]
    events = []
    for event in watch.Watch().stream(net.list_namespaced_network_policy, "default", timeout_seconds=1):
        events.append([event["type"], event["object"].kind, event["object"].metadata.name])
    net.delete_namespaced_network_policy("py-np", "default")
    print(json.dumps({
        "created": [created.api_version, created.kind, created.metadata.name],
        "policyTypes": read.spec.policy_types,
        "port": [rule.ports[0].protocol, rule.ports[0].port, rule.ports[0].end_port],
        "except": rule._from[0].ip_block._except,
        "events": events,
        "remaining": [p.metadata.name for p in net.list_namespaced_network_policy("default").items],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
