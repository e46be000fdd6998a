import "@shared/css/app.css";
import { createRoot } from "react-dom/client";

createRoot(document.getElementById("root")!).render(<p>Teamboard</p>);
