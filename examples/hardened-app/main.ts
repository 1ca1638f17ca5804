/**
 * A hardened application on AKS (or AKS on Azure Local), written with kubeward's cdk8s
 * constructs: a namespace, a web front end and an API (Deployments), a cache (StatefulSet) and a
 * nightly report (CronJob). Every default passes the Pod Security Standards restricted level and
 * every kubeward control; `app.synth()` audits the output and fails on any failing finding.
 *
 * Run: `npx cdk8s synth` in this folder (or `npx ts-node --transpile-only main.ts`); the
 * manifests land in cdk8s.out/. In your own app, import from 'kubeward/k8s'.
 */
import * as path from 'path';
import { App, Chart, Cron, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { HardenedCronJob, HardenedDeployment, HardenedStatefulSet, SecureNamespace, Sensitivity } from '../../lib/k8s';

/** Images live in the team's private Azure Container Registry, pinned by digest. */
const REGISTRY = 'contososhop.azurecr.io';
const image = (repository: string, digest: string): string => `${REGISTRY}/${repository}@sha256:${digest}`;

/** Entra ID groups (object ids) that may read and change the namespace. */
const SHOP_DEVELOPERS = '3f2b8c1e-7a4d-4e5f-9b6a-1c2d3e4f5a6b';
const SHOP_SUPPORT = '8d7c6b5a-4e3f-4a1b-9c8d-7e6f5a4b3c2d';

export class ShopChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    const shop = new SecureNamespace(this, 'shop', {
      name: 'shop',
      sensitivity: Sensitivity.INTERNAL,
      team: 'shop',
      costCenter: 'cc-4711',
      editors: [SHOP_DEVELOPERS],
      viewers: [SHOP_SUPPORT],
      allowedRegistries: [REGISTRY],
    });

    const web = new HardenedDeployment(shop, 'web', {
      image: image('shop/web', 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdefabcdef0123'),
      port: 8080,
      replicas: 3,
      containerOptions: { writablePaths: ['/tmp'] },
    });

    const api = new HardenedDeployment(shop, 'api', {
      image: image('shop/api', 'b4e2d3c5f6a7089923456789012345678901bcdefabcdefabcdefabcdef01234'),
      port: 8080,
      replicas: 2,
      containerOptions: {
        resources: { cpuRequest: kplus.Cpu.millis(250), memoryLimit: Size.mebibytes(512) },
        envVariables: {
          CACHE_HOST: kplus.EnvValue.fromValue('cache'),
          DB_PASSWORD: kplus.EnvValue.fromSecretValue({
            secret: kplus.Secret.fromSecretName(this, 'api-db', 'api-db'),
            key: 'password',
          }),
        },
      },
    });
    api.allowIngressFrom(web, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });

    const cache = new HardenedStatefulSet(shop, 'cache', {
      image: image('shop/cache', 'c5f3e4d6a7b8190034567890123456789012cdefabcdefabcdefabcdef012345'),
      port: 6379,
      containerOptions: { writablePaths: ['/data'], resources: { memoryLimit: Size.mebibytes(1024) } },
    });
    cache.allowIngressFrom(api, { ports: [kplus.NetworkPolicyPort.tcp(6379)] });
    web.allowEgressTo(api, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });
    api.allowEgressTo(cache, { ports: [kplus.NetworkPolicyPort.tcp(6379)] });

    new HardenedCronJob(shop, 'nightly-report', {
      image: image('shop/report', 'd6a4f5e7b8c9201145678901234567890123defabcdefabcdefabcdef0123456'),
      schedule: Cron.daily(),
      containerOptions: { writablePaths: ['/tmp'] },
    });
  }
}

// `cdk8s synth` sets CDK8S_OUTDIR; run directly, the manifests go to cdk8s.out/ beside this file.
const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? path.join(__dirname, 'cdk8s.out') });
new ShopChart(app, 'shop');
app.synth();
