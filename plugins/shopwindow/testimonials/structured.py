"""JSON-LD for testimonials: one schema.org ``Review`` per testimonial, about the business's service.

Google's review-snippet policy treats reviews a business publishes about itself on its own
LocalBusiness or Organization as self-serving, so no ``AggregateRating`` is emitted anywhere.
"""

from __future__ import annotations

from ..sanitise import excerpt
from ..settings import Business
from .model import Testimonial


def business_jsonld(business: Business, siteurl: str) -> dict:
    data = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": business.name}
    if business.url or siteurl:
        data["url"] = business.url or siteurl
    if business.address:
        data["address"] = business.address
    if business.phone:
        data["telephone"] = business.phone
    return data


def video_jsonld(testimonial: Testimonial, siteurl: str) -> dict:
    video = testimonial.video
    found = {
        "@type": "VideoObject",
        "name": testimonial.title or f"{testimonial.author}",
        "description": testimonial_excerpt(testimonial),
        "thumbnailUrl": f"{siteurl}/{video['poster']}",
        "contentUrl": f"{siteurl}/{video['src']}",
        "duration": video["duration"],
        "inLanguage": testimonial.language,
    }
    uploaded = testimonial.date or testimonial.consent
    if uploaded:
        found["uploadDate"] = uploaded.date().isoformat()
    return found


def review_jsonld(
    testimonial: Testimonial, business: Business, url: str, siteurl: str = ""
) -> dict:
    provider = {k: v for k, v in business_jsonld(business, "").items() if k != "@context"}
    review = {
        "@context": "https://schema.org",
        "@type": "Review",
        "itemReviewed": {
            "@type": "Service",
            "name": ", ".join(testimonial.services) or business.name,
            "provider": provider,
        },
        "author": {"@type": "Person", "name": testimonial.author},
        "reviewBody": testimonial.text,
        "inLanguage": testimonial.language,
        "url": url,
    }
    if testimonial.title:
        review["name"] = testimonial.title
    if testimonial.date:
        review["datePublished"] = testimonial.date.date().isoformat()
    if testimonial.video:
        review["video"] = video_jsonld(testimonial, siteurl)
    if testimonial.rating:
        review["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": testimonial.rating,
            "bestRating": 5,
            "worstRating": 1,
        }
    return review


def testimonial_excerpt(testimonial: Testimonial) -> str:
    return excerpt(testimonial.text, 160)
