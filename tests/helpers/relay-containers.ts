import type Docker from "dockerode";

/**
 * Removes every relay container and key volume that belongs to these servers (the labels of
 * lib/fleet/relays/relay-container.ts, spelled out so that the global teardown imports nothing of the app).
 */
export async function removeRelayContainersOf(docker: Docker, serverIds: readonly string[]): Promise<void> {
  for (const serverId of serverIds) {
    const label = `derpmanagement.server-id=${serverId}`;
    const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
    for (const c of containers) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    const { Volumes } = await docker.listVolumes({ filters: { label: [label] } });
    for (const v of Volumes ?? []) await docker.getVolume(v.Name).remove().catch(() => undefined);
  }
}
