# Placeholder: lab/kustomization.yaml (ConfigMap locust-files) needs this file to exist for kustomize to render
# the cluster overlays. The real locustfile (issue 6) replaces this file whole.
