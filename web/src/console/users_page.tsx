// /console/users (admins): the staff with their role and status; each opens to change the role,
// disable or enable them and issue a password reset link; new users are added below.
import { useState } from "preact/hooks";
import { get } from "../api";
import { dateTime } from "../format";
import type { Page, User } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { roleName } from "./roles";
import { useSession } from "./session";
import { UserAccess } from "./user_access";
import { UserInviteForm } from "./user_invite_form";

function Users() {
  const { me } = useSession();
  const users = useLoad(() => get<Page<User>>("/api/v1/users"), []);
  const [open, setOpen] = useState<string | null>(null);
  const list = users.data?.data ?? [];
  return (
    <>
      {users.error ? <Notice kind="error">{users.error.message}</Notice> : null}
      {!users.data && !users.error ? <Loading /> : null}
      <table class="table users">
        <caption class="visually-hidden">Staff users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span class="visually-hidden">Manage</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => {
            const self = u.id === me.user?.id;
            const expanded = open === u.id;
            const who = u.name || u.email;
            return [
              <tr key={u.id}>
                <td>
                  <strong>{who}</strong>
                  {self ? <span class="muted"> (you)</span> : null}
                  {u.name ? <div class="muted">{u.email}</div> : null}
                </td>
                <td>{roleName(u.role)}</td>
                <td>
                  <Badge value={u.disabled ? "disabled" : "active"} />
                </td>
                <td>{dateTime(u.created_at)}</td>
                <td>
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-controls={expanded ? `manage-${u.id}` : undefined}
                    onClick={() => setOpen(expanded ? null : u.id)}
                  >
                    Manage <span class="visually-hidden">{who}</span>
                  </button>
                </td>
              </tr>,
              expanded ? (
                <tr key={`${u.id}-manage`} class="manage-row">
                  <td colSpan={5} id={`manage-${u.id}`}>
                    <UserAccess user={u} self={self} onChanged={users.reload} />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      {users.data && list.length === 0 ? <p class="muted">No users yet.</p> : null}
      <section class="card invite" aria-labelledby="invite-title">
        <h2 id="invite-title">Add a user</h2>
        <UserInviteForm
          onInvited={(user) => {
            users.reload();
            setOpen(user.id);
          }}
        />
      </section>
    </>
  );
}

export function UsersPage() {
  const { canManageAccess } = useSession();
  return (
    <ConsoleShell title="Users">
      {canManageAccess ? <Users /> : <Notice kind="error">Only admins manage users.</Notice>}
    </ConsoleShell>
  );
}
