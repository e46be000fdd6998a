import "@shared/css/app.css";
import "./app.css";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import { meQuery } from "../features/auth/api/me";
import { boardQuery } from "../features/board/api/boardQuery";
import { ApiError } from "../lib/api";
import { AdminRoute, Layout, NotFound, RequireUser, RouteError } from "./Layout";
import {
  AccountPage,
  ArchivedCards,
  BoardActivityPage,
  BoardsPage,
  BoardView,
  CardDialog,
  ForgotPasswordPage,
  LogInPage,
  NotificationSettingsPage,
  openedBoardId,
  SettingsPage,
  SignUpPage,
} from "./pages";
import { promptEffectsAfterInput } from "../lib/effects";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Client errors will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// The board at the address is asked for as soon as the session is known, while the board's
// code is still on its way, rather than once the board's page has rendered (someone signed
// out asks for nothing more: the log-in shows).
if (openedBoardId) {
  const boardId = Number(openedBoardId);
  queryClient
    .query(meQuery)
    .then((me) => me && queryClient.query(boardQuery(boardId)))
    .catch(() => undefined); // the page asks again, and says what went wrong
}

promptEffectsAfterInput();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
// The declarative router: the data router (loaders, actions, fetchers), which nothing here
// uses, doubled the entry's script (~54 KB minified of the router's code, compiled and run
// before the first render on a phone's CPU).
const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, "") || "/"}>
        <RouteError>
          <Routes>
            <Route element={<Layout />}>
              <Route path="login" element={<LogInPage />} />
              <Route path="signup" element={<SignUpPage />} />
              <Route path="forgot-password" element={<ForgotPasswordPage />} />
              <Route element={<RequireUser />}>
                <Route index element={<BoardsPage />} />
                <Route path="boards/:boardId" element={<BoardView />}>
                  <Route path="cards/:cardId" element={<CardDialog />} />
                </Route>
                <Route path="boards/:boardId/archived" element={<ArchivedCards />} />
                <Route path="boards/:boardId/settings" element={<SettingsPage />} />
                <Route path="boards/:boardId/activity" element={<BoardActivityPage />} />
                <Route path="settings/notifications" element={<NotificationSettingsPage />} />
                <Route path="account" element={<AccountPage />} />
                <Route path="admin" element={<AdminRoute />} />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </RouteError>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>
);
// The first render in a task of its own, after the one that ran the entry's modules: on a
// phone's CPU the two made one task of ~150–300 ms, in which the page could answer nothing.
// The page's own first paint (index.html) goes with the app's first render, in one task:
// no frame shows neither, and nothing that was shown moves.
setTimeout(() => {
  createRoot(root).render(app);
  document.getElementById("boot")?.remove();
});
