"""Service and Deployment through the official Python client: a typed create without kind or
apiVersion, the /status subresource read, replaced and patched, then a delete."""
import json
import sys

from kubernetes import client, config


def main(kubeconfig):
    config.load_kube_config(kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()
    # The models leave kind and apiVersion None, so the body has neither: the URL says them.
    svc = client.V1Service(
        metadata=client.V1ObjectMeta(name="py-lb"),
        spec=client.V1ServiceSpec(
            type="LoadBalancer",
            selector={"app": "py"},
            ports=[client.V1ServicePort(port=80, target_port=8080)],
        ),
    )
    created = core.create_namespaced_service("default", svc)
    read = core.read_namespaced_service_status("py-lb", "default")
    read.status.load_balancer = client.V1LoadBalancerStatus(
        ingress=[client.V1LoadBalancerIngress(ip="203.0.113.5")]
    )
    read.spec.type = "NodePort"  # ignored: a status write keeps the spec
    replaced = core.replace_namespaced_service_status("py-lb", "default", read)
    # A dict body is sent as a strategic merge patch, a list as a JSON patch.
    patched = core.patch_namespaced_service_status(
        "py-lb", "default",
        {"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.6"}]}}},
    )
    json_patched = core.patch_namespaced_service_status(
        "py-lb", "default",
        [{"op": "add", "path": "/status/loadBalancer/ingress/-", "value": {"ip": "203.0.113.9"}}],
    )

    deployment = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="py-web"),
        spec=client.V1DeploymentSpec(
            replicas=2,
            selector=client.V1LabelSelector(match_labels={"app": "py-web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "py-web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx")]),
            ),
        ),
    )
    apps.create_namespaced_deployment("default", deployment)
    d_status = apps.read_namespaced_deployment_status("py-web", "default")
    d_patched = apps.patch_namespaced_deployment_status(
        "py-web", "default", {"spec": {"replicas": 7}, "status": {"observedGeneration": 1}}
    )

    core.delete_namespaced_service("py-lb", "default")
    remaining = [s.metadata.name for s in core.list_namespaced_service("default").items]
    print(json.dumps({
        "created": [created.api_version, created.kind, created.spec.type],
        "readKind": read.kind,
        "replaced": {
            "type": replaced.spec.type,
            "ingress": [i.ip for i in replaced.status.load_balancer.ingress],
        },
        "patched": [i.ip for i in patched.status.load_balancer.ingress],
        "jsonPatched": [i.ip for i in json_patched.status.load_balancer.ingress],
        "deployment": {
            "readyReplicas": d_status.status.ready_replicas,
            "specReplicasAfterPatch": d_patched.spec.replicas,
        },
        "remaining": remaining,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
