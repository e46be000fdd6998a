/** The header's account menu: the signed-in person's initials and name, opening what is
 * theirs (account, e-mail settings, admin, log out). The same disclosure as the server
 * pages' (base.html), styled by the shared stylesheet ("header"); here it also closes
 * when a link in it is followed, on a click elsewhere and on Escape (focus back on it). */
import { useEffect, useRef } from "react";
import { NavLink, useLocation } from "react-router";
import { colourClass, initials } from "../lib/avatars";

export interface AccountMenuProps {
  userId: number | undefined;
  name: string | undefined;
  isAdmin: boolean;
  onLogOut: () => void;
}

export function AccountMenu({ userId, name, isAdmin, onLogOut }: AccountMenuProps) {
  const menu = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();

  // A page followed from the menu, or another way: the menu is not left open over it.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);

  useEffect(() => {
    const away = (event: PointerEvent) => {
      const details = menu.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    const escape = (event: KeyboardEvent) => {
      const details = menu.current;
      if (event.key !== "Escape" || !details?.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", escape);
    };
  }, []);

  const shown = name ?? "Account";
  return (
    <details ref={menu} className="account-menu">
      <summary title={shown}>
        <span className={`avatar ${userId === undefined ? "avatar-pending" : colourClass(userId)}`} aria-hidden="true">
          {name === undefined ? "" : initials(name)}
        </span>
        <span className="account-name">{shown}</span>
      </summary>
      <ul className="menu-panel">
        <li><NavLink to="/account">Your account</NavLink></li>
        <li><NavLink to="/settings/notifications">E-mail settings</NavLink></li>
        {isAdmin && <li><NavLink to="/admin">Admin</NavLink></li>}
        <li>
          <button type="button" className="link-button" onClick={onLogOut}>Log out</button>
        </li>
      </ul>
    </details>
  );
}
