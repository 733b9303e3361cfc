import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { userRole, userStatus } from "@/db/schema";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { StatusBadge, RoleBadge } from "@/components/admin/user-badges";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { STACK_BLOCK, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { listUsers, userListFilter } from "@/lib/accounts/admin-users";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminUsers.list"))("title") };
}

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/users");
  const { filter, raw, invalid } = parsePageFilter(userListFilter, await searchParams);
  const [page, t, tc, ta] = await Promise.all([
    listUsers(await getDb(), admin, filter),
    getTranslations("adminUsers.list"),
    getTranslations("common.common"),
    getTranslations("accounts"),
  ]);
  const when = (d: Date | null) => (d ? <DateTime value={d} /> : t("never"));
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <FilterBar action="/admin/users" applyLabel={t("apply")} clearLabel={t("clear")}>
        <FilterField id="q" label={t("search")}>
          <Input id="q" name="q" type="search" defaultValue={raw.q} className="w-64" data-testid="users-search" />
        </FilterField>
        <FilterField id="status" label={t("status")}>
          <Select id="status" name="status" defaultValue={raw.status ?? ""}>
            <option value="">{t("any")}</option>
            {userStatus.enumValues.map((s) => (
              <option key={s} value={s}>
                {ta(`statuses.${s}`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="role" label={t("role")}>
          <Select id="role" name="role" defaultValue={raw.role ?? ""}>
            <option value="">{t("any")}</option>
            {userRole.enumValues.map((r) => (
              <option key={r} value={r}>
                {ta(`roles.${r}`)}
              </option>
            ))}
          </Select>
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("badFilter")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table stack data-testid="users-table">
          <THead>
            <Tr>
              <Th>{t("email")}</Th>
              <Th>{t("role")}</Th>
              <Th>{t("status")}</Th>
              <Th>{t("created")}</Th>
              <Th>{t("lastLogin")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((u) => (
              <Tr key={u.id}>
                <Td className={cn(STACK_BLOCK, "wrap-anywhere sm:whitespace-nowrap")} data-label={t("email")}>
                  <Link className="font-medium text-primary hover:underline" href={`/admin/users/${u.id}`}>
                    {u.email}
                  </Link>
                </Td>
                <Td data-label={t("role")}>
                  <RoleBadge role={u.role} label={ta(`roles.${u.role}`)} />
                </Td>
                <Td data-label={t("status")}>
                  <StatusBadge status={u.status} label={ta(`statuses.${u.status}`)} />
                </Td>
                <Td data-label={t("created")}>{when(u.createdAt)}</Td>
                <Td data-label={t("lastLogin")}>{when(u.lastLoginAt)}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/users" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}
