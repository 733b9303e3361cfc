"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef, useState, useTransition, type ComponentProps, type FormEvent, type ReactNode } from "react";
import { ActionError, fieldErrorsOf } from "@/components/billing/action-error";
import { useSubmittedValues } from "@/components/billing/use-submitted-values";
import { ConnectionTestResultView } from "@/components/fleet/connection-test-result";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { createServerAction, testConnectionSettingsAction, updateServerAction } from "./actions";
import type { ServerFormInitial } from "./server-values";

export interface RegionChoice {
  code: string;
  name: string;
  active: boolean;
}

type DockerKind = "socket" | "tls" | "ssh";

/**
 * Add a server (no `initial.id`) or edit one. Sections for addressing, naming and certificate, ports and
 * capacity, limits and the Docker connection; only the fields of the chosen naming and connection kind are shown
 * and sent (the others sit in disabled fieldsets, which keeps what was typed there). Secret fields are write-only:
 * empty means "keep the stored one". "Test connection" tries the connection settings as typed, before saving.
 */
export function ServerForm({ initial, regions }: { initial: ServerFormInitial; regions: RegionChoice[] }) {
  const t = useTranslations("fleet.form");
  const editing = Boolean(initial.id);
  const [state, formAction] = useActionState(editing ? updateServerAction : createServerAction, null);
  const [testState, testAction] = useActionState(testConnectionSettingsAction, null);
  const [testing, startTest] = useTransition();
  const { values: v, setValues } = useSubmittedValues(initial.values);
  const [naming, setNaming] = useState(v.derpNaming === "domain" ? "domain" : "ip");
  const [kind, setKind] = useState<DockerKind>(initial.dockerKind);
  const form = useRef<HTMLFormElement>(null);

  const err = (field: string) => fieldErrorsOf(state, field) ?? (field.startsWith("docker.") ? fieldErrorsOf(testState, field) : undefined);
  // A stored secret may be left empty, as long as the kind it belongs to is unchanged.
  const keepDockerSecret = editing && initial.hasDockerSecret && kind === initial.dockerKind;
  const keepWildcardKey = editing && initial.hasWildcardKey;

  // What was sent becomes the fields' defaults (React resets the form after its action), plus what sits in the
  // fieldsets of the other naming and connection kinds: those are disabled, so the form does not send them.
  const capture = (e: FormEvent<HTMLFormElement>) => {
    const next: Record<string, string> = {};
    for (const el of Array.from(e.currentTarget.elements)) {
      const field = el as HTMLInputElement | HTMLTextAreaElement;
      if (field.name && field.closest("fieldset:disabled") && field.type !== "radio") next[field.name] = field.value;
    }
    for (const [k, value] of new FormData(e.currentTarget)) if (typeof value === "string") next[k] = value;
    setValues(next);
  };

  const runTest = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    const docker = new FormData();
    for (const [key, value] of data) if (key.startsWith("docker.")) docker.append(key, value);
    if (initial.id) docker.set("serverId", initial.id);
    startTest(() => testAction(docker));
  };

  return (
    <form ref={form} action={formAction} onSubmit={capture} className="space-y-6" noValidate data-testid="server-form">
      {editing && <input type="hidden" name="id" value={initial.id} />}

      <Section title={t("basics")}>
        <FormField id="name" label={t("name")} hint={t("nameHint")} errors={err("name")}>
          {(p) => <Input {...p} defaultValue={v.name} required maxLength={100} autoComplete="off" />}
        </FormField>
        <FormField id="region" label={t("region")} errors={err("region")}>
          {(p) => (
            // Keyed by the value: React does not carry a changed defaultValue into a mounted <select>, and the
            // form's reset after a refused submit would otherwise go back to the first choice.
            <Select {...p} key={v.region} defaultValue={v.region} required>
              <option value="">{t("regionChoose")}</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code} disabled={!r.active && r.code !== initial.values.region}>
                  {r.name} ({r.code}){r.active ? "" : ` · ${t("regionInactive")}`}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <div className="flex flex-wrap gap-6 sm:col-span-2">
          <Checkbox name="enabled" defaultChecked={v.enabled === "on"} label={t("enabled")} hint={t("enabledHint")} />
          <Checkbox name="draining" defaultChecked={v.draining === "on"} label={t("draining")} hint={t("drainingHint")} />
        </div>
      </Section>

      <Section title={t("addressing")} lead={t("addressingLead")}>
        <FormField id="publicIpv4" label={t("publicIpv4")} errors={err("publicIpv4")}>
          {(p) => <Input {...p} defaultValue={v.publicIpv4} required inputMode="decimal" autoComplete="off" spellCheck={false} className="font-mono" />}
        </FormField>
        <FormField id="publicIpv6" label={t("publicIpv6")} hint={t("optional")} errors={err("publicIpv6")}>
          {(p) => <Input {...p} defaultValue={v.publicIpv6} autoComplete="off" spellCheck={false} className="font-mono" />}
        </FormField>
      </Section>

      <Section title={t("naming")} lead={t("namingLead")}>
        <RadioGroup
          legend={t("namingKind")}
          name="derpNaming"
          defaultValue={v.derpNaming}
          onChange={(value) => setNaming(value as "ip" | "domain")}
          options={[
            { value: "ip", label: t("namingIp"), hint: t("namingIpHint") },
            { value: "domain", label: t("namingDomain"), hint: t("namingDomainHint") },
          ]}
        />
        <fieldset disabled={naming !== "domain"} hidden={naming !== "domain"} className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <FormField id="derpDomain" label={t("derpDomain")} hint={t("derpDomainHint")} errors={err("derpDomain")}>
            {(p) => <Input {...p} defaultValue={v.derpDomain} autoComplete="off" spellCheck={false} className="font-mono" placeholder="derp.example.com" />}
          </FormField>
          <div className="hidden sm:block" />
          <FormField id="wildcardCertPem" label={t("wildcardCert")} hint={t("wildcardCertHint")} errors={err("wildcardCertPem")}>
            {(p) => <Pem {...p} defaultValue={v.wildcardCertPem} placeholder="-----BEGIN CERTIFICATE-----" />}
          </FormField>
          <FormField id="wildcardKeyPem" label={t("wildcardKey")} hint={keepWildcardKey ? t("secretKeep") : t("secretHint")} errors={err("wildcardKeyPem")}>
            {(p) => <Pem {...p} defaultValue={v.wildcardKeyPem} placeholder={keepWildcardKey ? t("secretStored") : "-----BEGIN PRIVATE KEY-----"} />}
          </FormField>
        </fieldset>
      </Section>

      <Section title={t("ports")} lead={t("portsLead")}>
        <FormField id="derpPortMin" label={t("derpPortMin")} errors={err("derpPortMin")}>
          {(p) => <Input {...p} type="number" min={1} max={65535} step={1} defaultValue={v.derpPortMin} required />}
        </FormField>
        <FormField id="derpPortMax" label={t("derpPortMax")} errors={err("derpPortMax")}>
          {(p) => <Input {...p} type="number" min={1} max={65535} step={1} defaultValue={v.derpPortMax} required />}
        </FormField>
        <FormField id="stunPortMin" label={t("stunPortMin")} errors={err("stunPortMin")}>
          {(p) => <Input {...p} type="number" min={1} max={65535} step={1} defaultValue={v.stunPortMin} required />}
        </FormField>
        <FormField id="stunPortMax" label={t("stunPortMax")} errors={err("stunPortMax")}>
          {(p) => <Input {...p} type="number" min={1} max={65535} step={1} defaultValue={v.stunPortMax} required />}
        </FormField>
        <FormField id="capacity" label={t("capacity")} hint={t("capacityHint")} errors={err("capacity")}>
          {(p) => <Input {...p} type="number" min={1} step={1} defaultValue={v.capacity} required />}
        </FormField>
        <FormField id="networkMode" label={t("networkMode")} hint={t("networkModeHint")} errors={err("networkMode")}>
          {(p) => (
            <Select {...p} key={v.networkMode} defaultValue={v.networkMode}>
              <option value="bridge">{t("networkBridge")}</option>
              <option value="host">{t("networkHost")}</option>
            </Select>
          )}
        </FormField>
      </Section>

      <Section title={t("limits")} lead={t("limitsLead")}>
        <FormField id="relayCpuLimit" label={t("cpuLimit")} hint={t("cpuLimitHint")} errors={err("relayCpuLimit")}>
          {(p) => <Input {...p} type="number" min={0.05} max={64} step="any" inputMode="decimal" defaultValue={v.relayCpuLimit} />}
        </FormField>
        <FormField id="relayMemoryLimitMiB" label={t("memoryLimit")} hint={t("memoryLimitHint")} errors={err("relayMemoryLimitMiB") ?? err("relayMemoryLimitBytes")}>
          {(p) => <Input {...p} type="number" min={32} step={1} defaultValue={v.relayMemoryLimitMiB} />}
        </FormField>
      </Section>

      <Section title={t("docker")} lead={t("dockerLead")}>
        <RadioGroup
          legend={t("dockerKind")}
          name="docker.kind"
          defaultValue={v["docker.kind"]}
          onChange={(value) => setKind(value as DockerKind)}
          errors={err("docker.kind")}
          options={[
            { value: "socket", label: t("kindSocket"), hint: t("kindSocketHint") },
            { value: "tls", label: t("kindTls"), hint: t("kindTlsHint") },
            { value: "ssh", label: t("kindSsh"), hint: t("kindSshHint") },
          ]}
        />
        <fieldset disabled={kind !== "socket"} hidden={kind !== "socket"} className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <FormField id="docker.socketPath" label={t("socketPath")} hint={t("socketPathHint")} errors={err("docker.socketPath")}>
            {(p) => <Input {...p} defaultValue={v["docker.socketPath"]} autoComplete="off" spellCheck={false} className="font-mono" />}
          </FormField>
        </fieldset>
        <fieldset disabled={kind !== "tls"} hidden={kind !== "tls"} className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <FormField id="docker.tls.host" label={t("host")} errors={err("docker.host")}>
            {(p) => <Input {...p} name="docker.host" defaultValue={v["docker.host"]} autoComplete="off" spellCheck={false} className="font-mono" />}
          </FormField>
          <FormField id="docker.tls.port" label={t("port")} hint={t("tlsPortHint")} errors={err("docker.port")}>
            {(p) => <Input {...p} name="docker.port" type="number" min={1} max={65535} defaultValue={v["docker.port"] || "2376"} />}
          </FormField>
          <FormField id="docker.ca" label={t("ca")} hint={t("caHint")} errors={err("docker.ca")}>
            {(p) => <Pem {...p} defaultValue={v["docker.ca"]} placeholder="-----BEGIN CERTIFICATE-----" />}
          </FormField>
          <FormField id="docker.cert" label={t("clientCert")} errors={err("docker.cert")}>
            {(p) => <Pem {...p} defaultValue={v["docker.cert"]} placeholder="-----BEGIN CERTIFICATE-----" />}
          </FormField>
          <FormField id="docker.key" label={t("clientKey")} hint={keepDockerSecret ? t("secretKeep") : t("secretHint")} errors={err("docker.key")}>
            {(p) => <Pem {...p} defaultValue={v["docker.key"]} placeholder={keepDockerSecret ? t("secretStored") : "-----BEGIN PRIVATE KEY-----"} />}
          </FormField>
        </fieldset>
        <fieldset disabled={kind !== "ssh"} hidden={kind !== "ssh"} className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <FormField id="docker.ssh.host" label={t("host")} errors={err("docker.host")}>
            {(p) => <Input {...p} name="docker.host" defaultValue={v["docker.host"]} autoComplete="off" spellCheck={false} className="font-mono" />}
          </FormField>
          <FormField id="docker.ssh.port" label={t("port")} errors={err("docker.port")}>
            {(p) => <Input {...p} name="docker.port" type="number" min={1} max={65535} defaultValue={v["docker.port"] || "22"} />}
          </FormField>
          <FormField id="docker.username" label={t("sshUser")} hint={t("sshUserHint")} errors={err("docker.username")}>
            {(p) => <Input {...p} defaultValue={v["docker.username"]} autoComplete="off" spellCheck={false} className="font-mono" />}
          </FormField>
          <FormField id="docker.hostKeySha256" label={t("hostKey")} hint={t("hostKeyHint")} errors={err("docker.hostKeySha256")}>
            {(p) => <Input {...p} defaultValue={v["docker.hostKeySha256"]} autoComplete="off" spellCheck={false} className="font-mono" placeholder="SHA256:…" />}
          </FormField>
          <FormField id="docker.privateKey" label={t("sshKey")} hint={keepDockerSecret ? t("secretKeep") : t("sshKeyHint")} errors={err("docker.privateKey")}>
            {(p) => <Pem {...p} defaultValue={v["docker.privateKey"]} placeholder={keepDockerSecret ? t("secretStored") : "-----BEGIN OPENSSH PRIVATE KEY-----"} />}
          </FormField>
        </fieldset>
        <div className="space-y-3 sm:col-span-2" aria-live="polite">
          <Button type="button" variant="outline" onClick={runTest} disabled={testing} aria-busy={testing} data-testid="server-form-test">
            {testing ? t("testing") : t("test")}
          </Button>
          {testState?.ok && <ConnectionTestResultView result={testState.data} />}
          {testState && !testState.ok && <ActionError state={testState} />}
        </div>
      </Section>

      <ActionError state={state} />
      {state && !state.ok && state.error.fieldErrors && (
        <p role="alert" className="text-sm text-destructive">
          {t("fixFields")}
        </p>
      )}
      <SubmitButton pendingText={editing ? t("saving") : t("creating")} data-testid="server-submit">
        {editing ? t("save") : t("create")}
      </SubmitButton>
    </form>
  );
}

function Section({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-border p-4">
      <legend className="px-1 text-base font-semibold">{title}</legend>
      {lead && <p className="text-sm text-muted-foreground">{lead}</p>}
      <div className="grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

function Checkbox({ name, label, hint, defaultChecked }: { name: string; label: string; hint: string; defaultChecked: boolean }) {
  return (
    <label className="flex max-w-sm items-start gap-2 text-sm">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="mt-0.5 h-4 w-4" aria-describedby={`${name}-hint`} />
      <span>
        <span className="font-medium">{label}</span>
        <span id={`${name}-hint`} className="block text-xs text-muted-foreground">
          {hint}
        </span>
      </span>
    </label>
  );
}

/**
 * Uncontrolled radios (their default follows the last submitted choice): React's reset of a form after its action
 * would put controlled radios back to their first state while the component still shows the choice made.
 */
function RadioGroup({
  legend,
  name,
  defaultValue,
  onChange,
  options,
  errors,
}: {
  legend: string;
  name: string;
  defaultValue: string;
  onChange: (value: string) => void;
  options: { value: string; label: string; hint: string }[];
  errors?: string[];
}) {
  const errorId = errors?.length ? `${name}-error` : undefined;
  return (
    <fieldset className="space-y-2 sm:col-span-2" aria-describedby={errorId}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {options.map((o) => (
          <label key={o.value} className="flex cursor-pointer items-start gap-2 rounded-md border border-border p-3 text-sm has-[:checked]:border-primary">
            <input type="radio" name={name} value={o.value} defaultChecked={defaultValue === o.value} onChange={() => onChange(o.value)} className="mt-0.5 h-4 w-4" />
            <span>
              <span className="font-medium">{o.label}</span>
              <span className="block text-xs text-muted-foreground">{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {errorId && (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {errors!.join(" ")}
        </p>
      )}
    </fieldset>
  );
}

function Pem(props: ComponentProps<typeof Textarea>) {
  return <Textarea {...props} rows={4} autoComplete="off" spellCheck={false} className="font-mono text-xs" />;
}
